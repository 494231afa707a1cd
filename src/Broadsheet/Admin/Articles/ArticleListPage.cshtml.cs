using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Paging;
using Broadsheet.Sections;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Articles;

/// <summary>/admin/articles: every article the signed-in member may see, filtered, sorted and paged.</summary>
public sealed class ArticleListPageModel(ArticleListing listing, SectionTreeCache sections) : PageModel
{
    public ArticleListFilter Filter { get; private set; } = new();
    public Paged<ArticleListRow> Articles { get; private set; } = new([], null);
    public IReadOnlyList<SectionNode> Sections { get; private set; } = [];

    public async Task OnGetAsync(string? status, string? section, string? author, string? q, string? sort, string? cursor, CancellationToken ct)
    {
        ViewData["Title"] = "Articles";
        Filter = new ArticleListFilter(status, section, author, q, sort);
        Sections = (await sections.GetAsync(ct)).All;
        Articles = await listing.PageAsync(Filter, Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member."), cursor, ct);
    }

    /// <summary>This page's address with the same filters and another cursor.</summary>
    public string PageLink(string cursor) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Filter.Status, ["section"] = Filter.Section, ["author"] = Filter.Author, ["q"] = Filter.Text, ["sort"] = Filter.Sort, ["cursor"] = cursor,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
