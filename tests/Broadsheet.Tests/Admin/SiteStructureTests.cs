using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>
/// Sections, tags, bylines and pages in the admin: renamed, moved, merged and deleted through the forms, each saying
/// first what it does to the articles, and every address that changed answering with a 301 to the new one.
/// </summary>
public sealed class SiteStructureTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private async Task<string?> RedirectOfAsync(string path)
    {
        var response = await app.Anonymous().GetAsync(path);
        return response.StatusCode == HttpStatusCode.MovedPermanently ? response.Headers.Location?.OriginalString : $"({(int)response.StatusCode})";
    }

    [Fact]
    public async Task A_section_renamed_and_moved_in_the_admin_keeps_its_old_addresses_and_its_articles_answering_with_301s()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var parent = await app.CreateSectionAsync(BroadsheetApp.Unique("World"));
        var section = await app.CreateSectionAsync(BroadsheetApp.Unique("Harbours"));
        var article = await app.CreateArticleAsync(section.Str("slug"));
        var oldSection = BroadsheetApp.PathOf(section);
        var oldArticle = BroadsheetApp.PathOf(article);
        var newSlug = BroadsheetApp.Unique("ports");
        var path = $"/admin/sections/{section.Id()}";

        var saved = await Newsroom.PostFormAsync(editor.Admin, path, path, Form(
            ("Input.Name", "Ports"), ("Input.Slug", newSlug), ("Input.Parent", parent.Str("slug")), ("Input.Position", "2")));
        var list = await HtmlPage.GetAsync(editor.Admin, "/admin/sections");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var newSection = $"/{parent.Str("slug")}/{newSlug}/";
        Assert.Equal(newSection, await RedirectOfAsync(oldSection));
        Assert.Equal($"{newSection}{article.Str("slug")}/", await RedirectOfAsync(oldArticle));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(newSection)).StatusCode);
        Assert.Equal("Ports", list.QuerySelector($"#section-{section.Id()} th a").Text());
    }

    [Fact]
    public async Task Merging_a_section_moves_its_articles_and_subsections_and_sends_its_addresses_to_the_other()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var from = await app.CreateSectionAsync(BroadsheetApp.Unique("Ferries"));
        var child = await app.CreateSectionAsync(BroadsheetApp.Unique("Timetables"), from.Str("slug"));
        var into = await app.CreateSectionAsync(BroadsheetApp.Unique("Transport"));
        var article = await app.CreateArticleAsync(from.Str("slug"));
        var inChild = await app.CreateArticleAsync(child.Str("slug"));
        var path = $"/admin/sections/{from.Id()}";

        var page = await HtmlPage.GetAsync(editor.Admin, path);
        var intoItself = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Merge", Form(("Into", child.Str("slug"))));
        var merged = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Merge", Form(("Into", into.Str("slug"))));
        var moved = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{article.Id()}"), 200);

        Assert.Contains("It holds 1 article and 1 subsection.", page.QuerySelector("main")!.TextContent);
        Assert.Contains("This is how a section with articles is deleted.", page.QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, intoItself.StatusCode);
        Assert.Equal("Choose a section outside this one.", (await HtmlPage.ParseAsync(intoItself)).QuerySelector("#into-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(into.Str("slug"), moved.Str("section"));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.Admin.GetAsync(path)).StatusCode);
        Assert.Equal(BroadsheetApp.PathOf(into), await RedirectOfAsync(BroadsheetApp.PathOf(from)));
        Assert.Equal($"{BroadsheetApp.PathOf(into)}{article.Str("slug")}/", await RedirectOfAsync(BroadsheetApp.PathOf(article)));
        Assert.Equal($"{BroadsheetApp.PathOf(into)}{child.Str("slug")}/{inChild.Str("slug")}/", await RedirectOfAsync(BroadsheetApp.PathOf(inChild)));
    }

    [Fact]
    public async Task An_empty_section_is_deleted_and_only_editors_reach_the_structure_pages()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var author = await app.MemberAsync(UserRole.Author);
        var empty = await app.CreateSectionAsync(BroadsheetApp.Unique("Letters"));
        var path = $"/admin/sections/{empty.Id()}";

        var deleted = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Merge", Form(("Into", "")));
        var forged = await editor.Admin.PostAsync("/admin/sections", new FormUrlEncodedContent(Form(("Input.Name", "Forged"))));

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(empty))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        foreach (var page in new[] { "/admin/sections", "/admin/tags", "/admin/authors", "/admin/pages" })
        {
            var response = await author.Admin.GetAsync(page);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"an author is kept out of {page}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_tag_renamed_then_merged_keeps_every_old_address_leading_to_where_its_articles_are()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var original = BroadsheetApp.Unique("Harbor");
        var target = BroadsheetApp.Unique("Harbours");
        var article = await app.CreateArticleAsync(section, new { tags = new[] { original } });
        var other = await app.CreateArticleAsync(section, new { tags = new[] { target } });
        var tagId = await TagIdAsync(original);
        var oldPath = $"/tag/{Broadsheet.Infrastructure.Text.Slug.From(original)}/";
        var renamedSlug = BroadsheetApp.Unique("harbour");
        var path = $"/admin/tags/{tagId}";

        var renamed = await Newsroom.PostFormAsync(editor.Admin, path, path, Form(("Name", "Harbour"), ("Slug", renamedSlug)));
        var afterRename = await RedirectOfAsync(oldPath);
        var page = await HtmlPage.GetAsync(editor.Admin, path);
        var merged = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Merge", Form(("Into", target)));
        var tags = (await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{article.Id()}"), 200)).GetProperty("tags").Strings();
        var targetSlug = Broadsheet.Infrastructure.Text.Slug.From(target);

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal($"/tag/{renamedSlug}/", afterRename);
        Assert.Contains("1 article carries this tag.", page.QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal([target], tags);
        Assert.Equal($"/tag/{targetSlug}/", await RedirectOfAsync($"/tag/{renamedSlug}/"));
        Assert.Equal($"/tag/{targetSlug}/", await RedirectOfAsync(oldPath));
        Assert.Contains(BroadsheetApp.PathOf(article), await app.Anonymous().GetStringAsync($"/tag/{targetSlug}/"));
        Assert.Contains(BroadsheetApp.PathOf(other), await app.Anonymous().GetStringAsync($"/tag/{targetSlug}/"));
    }

    [Fact]
    public async Task Deleting_a_tag_says_what_it_does_takes_it_off_its_articles_and_its_page_is_gone()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var name = BroadsheetApp.Unique("Rumours");
        var article = await app.CreateArticleAsync(section, new { tags = new[] { name, "Harbour" } });
        var path = $"/admin/tags/{await TagIdAsync(name)}";

        var page = await HtmlPage.GetAsync(editor.Admin, path);
        var deleted = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Delete", Form());
        var list = await HtmlPage.GetAsync(editor.Admin, deleted.Headers.Location!.OriginalString);
        var stored = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/articles/{article.Id()}"), 200);

        Assert.Contains("It is taken off the 1 article (they stay published)", page.QuerySelector("#delete-heading + p").Text());
        Assert.Contains("1 article no longer carries it", list.QuerySelector(".notice").Text());
        Assert.Equal(["Harbour"], stored.GetProperty("tags").Strings());
        Assert.Equal("published", stored.Str("status"));
        Assert.Equal("(404)", await RedirectOfAsync($"/tag/{Broadsheet.Infrastructure.Text.Slug.From(name)}/"));
    }

    [Fact]
    public async Task A_byline_gets_a_biography_and_a_new_slug_and_its_old_page_redirects()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var name = BroadsheetApp.Unique("Ines Duart");
        await app.CreateArticleAsync(section, new { authors = new[] { name } });
        var id = await TermIdAsync("authors", name);
        var newSlug = BroadsheetApp.Unique("ines-duarte");
        var path = $"/admin/authors/{id}";

        var empty = await Newsroom.PostFormAsync(editor.Admin, path, path, Form(("Name", " "), ("Slug", newSlug), ("Bio", "")));
        var saved = await Newsroom.PostFormAsync(editor.Admin, path, path, Form(("Name", "Ines Duarte"), ("Slug", newSlug), ("Bio", "Ines Duarte covers the harbour.")));
        var byline = await HtmlPage.GetAsync(app.Anonymous(), $"/author/{newSlug}/");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Please enter a name.", (await HtmlPage.ParseAsync(empty)).QuerySelector("#name + .field-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/author/{newSlug}/", await RedirectOfAsync($"/author/{Broadsheet.Infrastructure.Text.Slug.From(name)}/"));
        Assert.Contains("Ines Duarte covers the harbour.", byline.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_page_is_written_in_the_admin_its_new_slug_redirects_the_old_address_and_deleting_it_says_what_happens()
    {
        var editor = await app.MemberAsync(UserRole.Editor);
        var slug = BroadsheetApp.Unique("corrections");
        var created = await Newsroom.PostFormAsync(editor.Admin, "/admin/pages/new", "/admin/pages/new",
            Form(("Input.Title", "Corrections"), ("Input.Slug", slug), ("Input.Body", "We correct our mistakes **promptly**.")));
        var path = created.Headers.Location!.OriginalString.Split('?')[0];
        var newSlug = BroadsheetApp.Unique("corrections-policy");

        var renamed = await Newsroom.PostFormAsync(editor.Admin, path, path, Form(("Input.Title", "Corrections policy"), ("Input.Slug", newSlug), ("Input.Body", "We correct our mistakes **promptly**.")));
        var shown = await HtmlPage.GetAsync(app.Anonymous(), $"/{newSlug}/");
        var oldAddress = await RedirectOfAsync($"/{slug}/");
        var editorPage = await HtmlPage.GetAsync(editor.Admin, path);
        var deleted = await Newsroom.PostFormAsync(editor.Admin, path, $"{path}?handler=Delete", Form());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("promptly", shown.QuerySelector("main strong").Text());
        Assert.Equal($"/{newSlug}/", oldAddress);
        Assert.Contains("will answer “not found”", editorPage.QuerySelector("#delete-heading + p").Text());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("(404)", await RedirectOfAsync($"/{newSlug}/"));
    }

    private Task<int> TagIdAsync(string name) => TermIdAsync("tags", name);

    private async Task<int> TermIdAsync(string kind, string name)
    {
        var page = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/{kind}?limit=100"), 200);
        var all = page.GetProperty("items").EnumerateArray().ToList();
        while (all.All(t => t.Str("name") != name) && page.GetProperty("next").GetString() is { } next)
        {
            page = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/{kind}?limit=100&cursor={next}"), 200);
            all.AddRange(page.GetProperty("items").EnumerateArray());
        }
        return all.Single(t => t.Str("name") == name).Id();
    }
}
