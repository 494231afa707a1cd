using System.Net;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Admin;

/// <summary>The audit log at /admin/activity: every audited action leaves an entry with who and what; filtered, exported, kept a year.</summary>
public sealed class ActivityTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static async Task<IReadOnlyList<string>> RowsAsync(HttpClient admin, string query = "")
    {
        var page = await HtmlPage.GetAsync(admin, "/admin/activity" + query);
        return [.. page.QuerySelectorAll(".activity-list tbody tr").Select(r => string.Join(" | ", r.QuerySelectorAll("td").Skip(1)
            .Select(td => System.Text.RegularExpressions.Regex.Replace(td.Text(), @"\s+", " "))))];
    }

    [Fact]
    public async Task Publishing_unpublishing_deleting_moderating_and_changing_a_role_each_leave_who_did_what()
    {
        var admin = await app.MemberAsync(UserRole.Administrator, "Ada Admin");
        var editor = await app.MemberAsync(UserRole.Editor, "Eve Editor");
        var section = (await app.CreateSectionAsync()).Str("slug");
        var title = BroadsheetApp.Unique("Pier reopens");
        var article = await BroadsheetApp.ExpectJsonAsync(await editor.Api.PostAsJsonAsync("/api/v1/articles", new { title, body = "It is open.", section, status = "published" }), 201);
        await BroadsheetApp.ExpectJsonAsync(await editor.Api.PatchAsJsonAsync($"/api/v1/articles/{article.Id()}", new { status = "draft" }), 200);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var published = await app.CreateArticleAsync(section);
        var (_, comment) = await app.Anonymous().PostCommentAsync(published.Id(), CommentForms.Comment(comment: "When does the pier café open?"));
        await Newsroom.PostFormAsync(editor.Admin, "/admin/comments", "/admin/comments", new Dictionary<string, string> { ["status"] = "pending", ["act"] = $"approve:{comment.Id()}" });
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Api.DeleteAsync($"/api/v1/articles/{article.Id()}")).StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            // The command line changes roles; it has no signed-in member.
            await scope.ServiceProvider.GetRequiredService<AccountEditing>().ChangeRoleAsync(editor.Email, UserRole.Author, CancellationToken.None);
        }

        var rows = await RowsAsync(admin.Admin, "?q=" + Uri.EscapeDataString(title));
        var all = await RowsAsync(admin.Admin);

        Assert.Equal([
            $"Eve Editor | deleted the article {title}",
            $"Eve Editor | unpublished {title}",
            $"Eve Editor | published {title}"], rows);
        Assert.Contains($"Eve Editor | approved the comment by Ada Byrne (#{comment.Id()})", all);
        Assert.Contains($"the command line or start-up | changed the role of {editor.Email}: editor → author", all);
    }

    [Fact]
    public async Task The_log_filters_by_kind_and_member_and_exports_csv_with_formulas_defused()
    {
        var admin = await app.MemberAsync(UserRole.Administrator);
        var editor = await app.MemberAsync(UserRole.Editor, "Fil Ter");
        var section = (await app.CreateSectionAsync()).Str("slug");
        var title = "=HYPERLINK(\"https://evil.example\", \"click\") " + BroadsheetApp.Unique("x");
        await BroadsheetApp.ExpectJsonAsync(await editor.Api.PostAsJsonAsync("/api/v1/articles", new { title, body = "Text.", section, status = "published" }), 201);

        var articlesOnly = await RowsAsync(admin.Admin, "?group=article.&member=Fil%20Ter");
        var peopleOnly = await RowsAsync(admin.Admin, "?group=user.");
        var csv = await admin.Admin.GetAsync($"/admin/activity?handler=Csv&q={Uri.EscapeDataString(title)}");
        var text = await csv.Content.ReadAsStringAsync();

        Assert.Equal([$"Fil Ter | published {title}"], articlesOnly);
        Assert.NotEmpty(peopleOnly);
        Assert.All(peopleOnly, r => Assert.Matches("(added|removed) the member|changed the role of", r));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", csv.Content.Headers.ContentDisposition?.ToString());
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time (UTC),member,action,subject,link", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Contains(",article.published,\"'=HYPERLINK(\"\"https://evil.example\"\", \"\"click\"\") ", lines[1]);
    }

    [Fact]
    public async Task Only_administrators_read_the_log_and_entries_older_than_a_year_are_deleted()
    {
        using var own = BroadsheetApp.With(new Dictionary<string, string?>());
        var admin = await own.MemberAsync(UserRole.Administrator);
        var editor = await own.MemberAsync(UserRole.Editor);
        var before = (await RowsAsync(admin.Admin)).Count;

        var editors = await editor.Admin.GetAsync("/admin/activity");
        own.Clock.Advance(TimeSpan.FromDays(AuditRetention.KeptDays + 1));
        await own.MemberAsync(UserRole.Author);
        // The daily job may already have run as the clock jumped; running it again finds nothing more to delete.
        await own.Services.GetRequiredService<AuditRetention>().RunOnceAsync(CancellationToken.None);
        // A year on, the admin's session has long expired: sign in again.
        var after = await RowsAsync(await Newsroom.SignedInAsync(own, admin.Email));

        Assert.True(editors.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"an editor is kept out: {(int)editors.StatusCode}");
        Assert.True(before >= 4, $"{before} entries for two members and their tokens");
        Assert.Equal(2, after.Count);
    }
}
