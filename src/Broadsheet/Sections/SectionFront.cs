using Broadsheet.Articles;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Site;

namespace Broadsheet.Sections;

/// <summary>A section page: its subsections and its (and their) latest articles, a keyset page at a time.</summary>
public sealed record SectionFront(SectionNode Section, IReadOnlyList<SectionNode> Subsections, Paged<ArticleCard> Articles, Breadcrumb Breadcrumb);
