using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>Which admin pages each role may open, and what happens to a form posted without the role or without its token.</summary>
public sealed class RoleMatrixTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private static readonly UserRole[] Columns = [UserRole.Contributor, UserRole.Author, UserRole.Editor, UserRole.Administrator];

    [Fact]
    public async Task Each_role_opens_the_admin_pages_its_work_needs_and_is_turned_away_from_the_others()
    {
        var members = new Dictionary<UserRole, Member>();
        foreach (var role in Columns)
        {
            members[role] = await app.MemberAsync(role);
        }
        var someone = members[UserRole.Author].UserId;
        string[] pages =
        [
            "/admin/", "/admin/desk", "/admin/articles", "/admin/articles/new", "/admin/media", "/admin/comments", "/admin/sections", "/admin/tags",
            "/admin/authors", "/admin/pages", "/admin/spam/", "/admin/users", $"/admin/users/{someone}", "/admin/settings", "/admin/activity", "/admin/import", "/admin/account",
        ];

        var rows = new List<string>();
        foreach (var page in pages)
        {
            var cells = new List<string> { page.Replace(someone.ToString(System.Globalization.CultureInfo.InvariantCulture), "{id}") };
            foreach (var role in Columns)
            {
                var response = await members[role].Admin.GetAsync(page);
                cells.Add(response.StatusCode switch
                {
                    HttpStatusCode.OK => "opens",
                    HttpStatusCode.Redirect when IsDenied(response) => "denied",
                    var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            var anonymous = await app.Anonymous().GetAsync(page);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location!.OriginalString.Contains("/admin/login", StringComparison.Ordinal),
                $"{page} sends a stranger to sign in");
            rows.Add(string.Join(" ", cells));
        }

        Assert.Equal(
            """
            /admin/ opens opens opens opens
            /admin/desk opens opens opens opens
            /admin/articles opens opens opens opens
            /admin/articles/new opens opens opens opens
            /admin/media denied opens opens opens
            /admin/comments denied denied opens opens
            /admin/sections denied denied opens opens
            /admin/tags denied denied opens opens
            /admin/authors denied denied opens opens
            /admin/pages denied denied opens opens
            /admin/spam/ denied denied opens opens
            /admin/users denied denied denied opens
            /admin/users/{id} denied denied denied opens
            /admin/settings denied denied denied opens
            /admin/activity denied denied denied opens
            /admin/import denied denied denied opens
            /admin/account opens opens opens opens
            """.ReplaceLineEndings("\n"),
            string.Join("\n", rows));
    }

    [Fact]
    public async Task An_editor_posting_the_settings_or_people_forms_changes_nothing()
    {
        var admin = await app.MemberAsync(UserRole.Administrator);
        var editor = await app.MemberAsync(UserRole.Editor);
        var page = await HtmlPage.GetAsync(editor.Admin, "/admin/articles");
        var token = Newsroom.AntiforgeryToken(page);

        var settings = await editor.Admin.PostAsync("/admin/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Broadsheet:Site:Tagline"] = "Taken over",
        }));
        var role = await editor.Admin.PostAsync($"/admin/users/{editor.UserId}?handler=Role", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["role"] = "administrator",
        }));

        Assert.True(IsDenied(settings), $"{(int)settings.StatusCode} {settings.Headers.Location}");
        Assert.True(IsDenied(role), $"{(int)role.StatusCode} {role.Headers.Location}");
        Assert.DoesNotContain("Taken over", (await HtmlPage.GetAsync(app.Anonymous(), "/")).Body!.TextContent);
        Assert.Contains("editor", (await HtmlPage.GetAsync(admin.Admin, "/admin/users")).Texts(".people-list tbody tr").Single(r => r.Contains(editor.Email)));
    }

    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/admin/denied", StringComparison.Ordinal);

    [Theory]
    [InlineData("/admin/settings", "")]
    [InlineData("/admin/settings", "?handler=TestEmail")]
    [InlineData("/admin/users", "")]
    [InlineData("/admin/users/{id}", "?handler=Role")]
    [InlineData("/admin/users/{id}", "?handler=Active")]
    [InlineData("/admin/users/{id}", "?handler=CreateToken")]
    public async Task A_forged_form_without_the_pages_token_is_refused_with_400(string page, string handler)
    {
        var admin = await app.MemberAsync(UserRole.Administrator);
        var path = page.Replace("{id}", admin.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + handler;

        var forged = await admin.Admin.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["role"] = "contributor", ["active"] = "false" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
