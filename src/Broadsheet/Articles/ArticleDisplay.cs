using Broadsheet.Site;

namespace Broadsheet.Articles;

public sealed record ArticleDisplay(ArticleView Article, Breadcrumb Breadcrumb);
