using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>
/// /admin/users: invite by an expiring link that sets the password, change a role, deactivate (sessions and tokens
/// stop at once), last sign-in, and each member's API tokens: created (shown once), listed, revoked.
/// </summary>
public sealed class PeopleTests : IClassFixture<SmtpServer>
{
    private readonly SmtpServer _smtp;

    public PeopleTests(SmtpServer smtp) => _smtp = smtp;

    private BroadsheetApp MailingSite() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Site:BaseUrl"] = "https://news.example.org",
        ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
        ["Broadsheet:Notifications:SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static async Task<HttpResponseMessage> InviteAsync(HttpClient admin, string email, string role, string name = "Nia Newcomer") =>
        await Newsroom.PostFormAsync(admin, "/admin/users", "/admin/users", new() { ["email"] = email, ["name"] = name, ["role"] = role });

    private static string LinkIn(string? text) =>
        new Uri((text ?? "").Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://", StringComparison.Ordinal))).PathAndQuery;

    [Fact]
    public async Task An_invited_member_chooses_a_password_by_the_emailed_link_is_signed_in_and_the_link_then_stops_working()
    {
        using var site = MailingSite();
        var admin = await site.MemberAsync(UserRole.Administrator, "Ada Admin");
        var email = $"{BroadsheetApp.Unique("nia")}@example.org";

        var invited = await InviteAsync(admin.Admin, email, "author");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var message = Assert.Single(await _smtp.MessagesToAsync(email));
        Assert.Equal("You are invited to The Test Gazette", message.Subject);
        Assert.Contains("Ada Admin has invited you to work on The Test Gazette as author", message.TextBody);
        var link = LinkIn(message.TextBody);
        Assert.StartsWith("/admin/welcome?token=", link);
        var list = await HtmlPage.GetAsync(admin.Admin, "/admin/users");
        Assert.Contains(list.Texts(".people-list tbody tr"), r => r.Contains("Nia Newcomer") && r.Contains("author") && r.Contains("invited") && r.Contains("never"));
        // Nobody can sign in as them before they choose a password.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(site, email, "")).StatusCode);

        var newcomer = site.Anonymous();
        var welcome = await HtmlPage.GetAsync(newcomer, link);
        Assert.Contains(email, welcome.Body!.TextContent);
        var tooShort = await newcomer.PostAsync(link, Form(welcome, new() { ["password"] = "short", ["confirmation"] = "short" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        var chosen = await newcomer.PostAsync(link, Form(welcome, new() { ["password"] = Newsroom.Password, ["confirmation"] = Newsroom.Password }));

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/admin/", chosen.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync("/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await newcomer.GetAsync(link)).StatusCode);
        var after = await HtmlPage.GetAsync(admin.Admin, "/admin/users");
        Assert.Contains(after.Texts(".people-list tbody tr"), r => r.Contains("Nia Newcomer") && r.Contains("active") && !r.Contains("never"));
    }

    [Fact]
    public async Task An_invitation_expires_after_a_week_and_a_new_one_replaces_it()
    {
        using var site = MailingSite();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var email = $"{BroadsheetApp.Unique("late")}@example.org";
        var invited = await InviteAsync(admin.Admin, email, "editor");
        var person = invited.Headers.Location!.OriginalString.Split('?')[0];
        var first = LinkIn(Assert.Single(await _smtp.MessagesToAsync(email)).TextBody);

        site.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Gone, (await site.Anonymous().GetAsync(first)).StatusCode);
        var again = await Newsroom.SignedInAsync(site, admin.Email); // a week is longer than an admin session
        Assert.Equal(HttpStatusCode.Redirect, (await Newsroom.PostFormAsync(again, person, person + "?handler=Invite", [])).StatusCode);
        var messages = await _smtp.MessagesToAsync(email, 2);
        // The mailbox lists messages in no particular order: the new one is the link that is not the first.
        var second = messages.Select(m => LinkIn(m.TextBody)).Single(link => link != first);
        Assert.Equal(HttpStatusCode.OK, (await site.Anonymous().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Without_mail_the_administrator_is_given_the_link_to_pass_on()
    {
        using var site = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Site:BaseUrl"] = "https://news.example.org" });
        var admin = await site.MemberAsync(UserRole.Administrator);

        var invited = await InviteAsync(admin.Admin, $"{BroadsheetApp.Unique("hand")}@example.org", "contributor");

        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = (await HtmlPage.ParseAsync(invited)).QuerySelector("#invitation-link").Text();
        Assert.StartsWith("https://news.example.org/admin/welcome?token=", link);
        Assert.Equal(HttpStatusCode.OK, (await site.Anonymous().GetAsync(new Uri(link).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task An_invitation_with_a_bad_or_taken_email_or_role_is_refused_with_the_fields_message()
    {
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);

        var bad = await HtmlPage.ParseAsync(await InviteAsync(admin.Admin, "not-an-email", "author"));
        var taken = await InviteAsync(admin.Admin, admin.Email, "author");
        var role = await HtmlPage.ParseAsync(await InviteAsync(admin.Admin, "someone@example.org", "overlord"));

        Assert.Equal("That is not an email address.", bad.QuerySelector("#email + .field-error").Text());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Equal("A member with this email already exists.", (await HtmlPage.ParseAsync(taken)).QuerySelector("#email + .field-error").Text());
        Assert.Equal("Please choose a role.", role.QuerySelector("#role + .field-error").Text());
    }

    [Fact]
    public async Task Deactivating_stops_the_members_sessions_and_tokens_at_once_and_reactivating_lets_them_sign_in_again()
    {
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var editor = await site.MemberAsync(UserRole.Editor);
        Assert.Equal(HttpStatusCode.OK, (await editor.Admin.GetAsync("/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.Api.GetAsync("/api/v1/articles?status=draft")).StatusCode);
        var person = $"/admin/users/{editor.UserId}";

        var off = await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=Active", new() { ["active"] = "false" });

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.Admin.GetAsync("/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await editor.Api.GetAsync("/api/v1/articles?status=draft")).StatusCode);
        var refused = await SignInAsync(site, editor.Email, Newsroom.Password);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(SignIn.DeactivatedMessage, (await HtmlPage.ParseAsync(refused)).Body!.TextContent);
        Assert.StartsWith("deactivated", (await HtmlPage.GetAsync(admin.Admin, person)).QuerySelector("#person-status").Text());

        await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=Active", new() { ["active"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(site, editor.Email, Newsroom.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.Api.GetAsync("/api/v1/articles?status=draft")).StatusCode);
        var activity = await HtmlPage.GetAsync(admin.Admin, "/admin/activity?group=user.");
        Assert.Contains(activity.Texts(".activity-list tbody tr"), r => r.Contains($"deactivated the member {editor.Email}"));
        Assert.Contains(activity.Texts(".activity-list tbody tr"), r => r.Contains($"reactivated the member {editor.Email}"));
    }

    [Fact]
    public async Task A_role_change_ends_the_sessions_and_the_last_administrator_cannot_be_demoted_or_deactivated()
    {
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var editor = await site.MemberAsync(UserRole.Editor);
        var person = $"/admin/users/{editor.UserId}";

        Assert.Equal(HttpStatusCode.Redirect, (await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=Role", new() { ["role"] = "contributor" })).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await editor.Admin.GetAsync("/admin/articles")).StatusCode);
        Assert.Contains("contributor", (await HtmlPage.GetAsync(admin.Admin, "/admin/users")).Texts(".people-list tbody tr").Single(r => r.Contains(editor.Email)));
        // The bootstrap token is an administrator but no member: the admin made by the test is the only administrator member.
        var me = $"/admin/users/{admin.UserId}";
        var demote = await Newsroom.PostFormAsync(admin.Admin, me, me + "?handler=Role", new() { ["role"] = "editor" });
        var deactivate = await Newsroom.PostFormAsync(admin.Admin, me, me + "?handler=Active", new() { ["active"] = "false" });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("only active administrator", (await HtmlPage.ParseAsync(demote)).QuerySelector("[role=alert]").Text());
        Assert.Equal(HttpStatusCode.Conflict, deactivate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_members_token_is_shown_once_listed_without_its_secret_capped_at_their_role_and_revoked_at_once()
    {
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var author = await site.MemberAsync(UserRole.Author);
        var person = $"/admin/users/{author.UserId}";

        var tooMuch = await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=CreateToken", new() { ["name"] = "Sneaky", ["role"] = "editor", ["lifetime"] = "30" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal("A token can do no more than its member: at most author.", (await HtmlPage.ParseAsync(tooMuch)).QuerySelector("#token-role + .field-error").Text());

        var created = await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=CreateToken", new() { ["name"] = "Newsletter tool", ["role"] = "author", ["lifetime"] = "90" });
        var secret = (await HtmlPage.ParseAsync(created)).QuerySelector("#new-token").Text();
        Assert.StartsWith("bs_", secret);
        var tool = site.Anonymous();
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await tool.GetAsync("/api/v1/articles?status=draft")).StatusCode);

        var page = await HtmlPage.GetAsync(admin.Admin, person);
        Assert.DoesNotContain(secret, page.Source.Text);
        var row = page.QuerySelectorAll(".token-list tbody tr").Single(r => r.Text().Contains("Newsletter tool"));
        Assert.Contains("Oct 16, 2024", row.Text());
        var tokenId = row.QuerySelector("input[name=token]")!.GetAttribute("value")!;

        var revoked = await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=Revoke", new() { ["token"] = tokenId });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.GetAsync("/api/v1/articles?status=draft")).StatusCode);
        Assert.Contains("revoked", (await HtmlPage.GetAsync(admin.Admin, person)).QuerySelectorAll(".token-list tbody tr").Single(r => r.Text().Contains("Newsletter tool")).Text());
        // Another member's token cannot be revoked from this member's page.
        var other = await site.MemberAsync(UserRole.Author);
        var otherToken = (await HtmlPage.GetAsync(admin.Admin, $"/admin/users/{other.UserId}")).QuerySelector(".token-list input[name=token]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.NotFound, (await Newsroom.PostFormAsync(admin.Admin, person, person + "?handler=Revoke", new() { ["token"] = otherToken })).StatusCode);
    }

    [Fact]
    public async Task Last_sign_in_is_recorded()
    {
        using var site = new BroadsheetApp();
        var admin = await site.MemberAsync(UserRole.Administrator);
        var editor = await site.MemberAsync(UserRole.Editor);

        var shown = (await HtmlPage.GetAsync(admin.Admin, $"/admin/users/{editor.UserId}")).QuerySelector("#last-sign-in").Text();
        Assert.Equal("Thursday, July 18, 2024 12:00 PM", shown.Replace('\u202f', ' '));
    }

    private static Task<HttpResponseMessage> SignInAsync(BroadsheetApp site, string email, string password) =>
        Newsroom.PostSignInAsync(site.Anonymous(), email, password);

    private static FormUrlEncodedContent Form(AngleSharp.Dom.IDocument page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page);
        fields["token"] = page.QuerySelector("input[name=token]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent(fields);
    }
}
