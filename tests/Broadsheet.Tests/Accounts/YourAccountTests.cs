using System.Globalization;
using System.Net;
using Broadsheet.Accounts;
using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;
using OtpNet;

namespace Broadsheet.Tests.Accounts;

/// <summary>A member's own account: changing the password, two-factor sign-in with an authenticator app, and resets.</summary>
public sealed class YourAccountTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    private BroadsheetApp App(bool withMail = true, string? baseUrl = "https://news.example.org") => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:Notifications:SmtpHost"] = withMail ? "127.0.0.1" : null,
        ["Broadsheet:Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Broadsheet:Site:BaseUrl"] = baseUrl,
    });

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_the_other_sessions_but_not_this_one()
    {
        using var app = App();
        var member = await app.MemberAsync(UserRole.Author);
        var otherSession = await Newsroom.SignedInAsync(app, member.Email);

        var wrong = await Newsroom.PostFormAsync(member.Admin, "/admin/account", "/admin/account?handler=Password",
            new() { ["current"] = "not my password", ["password"] = "a brand new passphrase", ["confirmation"] = "a brand new passphrase" });
        var changed = await Newsroom.PostFormAsync(member.Admin, "/admin/account", "/admin/account?handler=Password",
            new() { ["current"] = Newsroom.Password, ["password"] = "a brand new passphrase", ["confirmation"] = "a brand new passphrase" });
        var here = await member.Admin.GetAsync("/admin/account?done=password");
        var there = await otherSession.GetAsync("/admin/");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("That is not your current password.", (await HtmlPage.ParseAsync(wrong)).QuerySelector(".field-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, there.StatusCode);
        await Newsroom.SignedInAsync(app, member.Email, "a brand new passphrase");
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_a_fresh_code_after_the_password_and_recovery_codes_work_once()
    {
        using var app = App();
        var member = await app.MemberAsync(UserRole.Editor);
        var setupPage = await HtmlPage.ParseAsync(await Newsroom.PostFormAsync(member.Admin, "/admin/account", "/admin/account?handler=BeginTwoFactor", []));
        var secret = setupPage.QuerySelector("input[name=secret]")!.GetAttribute("value")!;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        Assert.DoesNotContain("style=", setupPage.QuerySelector(".qr-code")!.InnerHtml, StringComparison.Ordinal);

        var enabled = await HtmlPage.ParseAsync(await Newsroom.PostFormAsync(member.Admin, "/admin/account", "/admin/account?handler=EnableTwoFactor",
            new() { ["secret"] = secret, ["code"] = totp.ComputeTotp(app.Clock.GetUtcNow().UtcDateTime) }));
        var recoveryCodes = enabled.Texts(".recovery-codes code");

        var client = app.Anonymous();
        var login = await HtmlPage.GetAsync(client, "/admin/login");
        var password = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(login), ["email"] = member.Email, ["password"] = Newsroom.Password,
        }));
        var beforeTheCode = await client.GetAsync("/admin/");
        var sameCodeAgain = await Newsroom.PostFormAsync(client, "/admin/login/two-factor", "/admin/login/two-factor", new() { ["code"] = totp.ComputeTotp(app.Clock.GetUtcNow().UtcDateTime) });
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var freshCode = await Newsroom.PostFormAsync(client, "/admin/login/two-factor", "/admin/login/two-factor", new() { ["code"] = totp.ComputeTotp(app.Clock.GetUtcNow().UtcDateTime) });
        var afterTheCode = await client.GetAsync("/admin/");

        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal("/admin/login/two-factor", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, beforeTheCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sameCodeAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, freshCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterTheCode.StatusCode);

        var other = app.Anonymous();
        async Task<HttpResponseMessage> WithRecoveryCodeAsync()
        {
            var page = await HtmlPage.GetAsync(other, "/admin/login");
            await other.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(page), ["email"] = member.Email, ["password"] = Newsroom.Password,
            }));
            return await Newsroom.PostFormAsync(other, "/admin/login/two-factor", "/admin/login/two-factor", new() { ["code"] = recoveryCodes[0] });
        }
        Assert.Equal(HttpStatusCode.Redirect, (await WithRecoveryCodeAsync()).StatusCode);
        await other.PostAsync("/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Newsroom.AntiforgeryToken(await HtmlPage.GetAsync(other, "/admin/")),
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithRecoveryCodeAsync()).StatusCode);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_an_emailed_link_that_works_once_and_says_nothing_about_unknown_emails()
    {
        using var app = App();
        var member = await app.MemberAsync(UserRole.Contributor);
        var client = app.Anonymous();

        var unknown = await HtmlPage.ParseAsync(await Newsroom.PostFormAsync(client, "/admin/forgot", "/admin/forgot", new() { ["email"] = "nobody-here@example.org" }));
        var known = await HtmlPage.ParseAsync(await Newsroom.PostFormAsync(client, "/admin/forgot", "/admin/forgot", new() { ["email"] = member.Email.ToUpperInvariant() }));
        var mail = (await smtp.MessagesToAsync(member.Email)).Single();
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://news\.example\.org/admin/reset\?token=\S+").Value);
        var local = link.PathAndQuery;
        var tooShort = await Newsroom.PostFormAsync(client, local, local, new() { ["password"] = "short", ["confirmation"] = "short" });
        var reset = await Newsroom.PostFormAsync(client, local, local, new() { ["password"] = "a reset passphrase", ["confirmation"] = "a reset passphrase" });
        var again = await client.GetAsync(local);

        Assert.Equal(unknown.QuerySelector(".notice").Text(), known.QuerySelector(".notice").Text());
        Assert.Empty(smtp.MessagesTo("nobody-here@example.org"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        await Newsroom.SignedInAsync(app, member.Email, "a reset passphrase");
    }

    [Fact]
    public async Task Reset_links_expire_after_an_hour()
    {
        using var app = App();
        var member = await app.MemberAsync(UserRole.Author);
        await Newsroom.PostFormAsync(app.Anonymous(), "/admin/forgot", "/admin/forgot", new() { ["email"] = member.Email });
        var mail = (await smtp.MessagesToAsync(member.Email)).Single();
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://\S+").Value).PathAndQuery;

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await app.Anonymous().GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task Without_a_base_url_no_reset_link_is_sent_because_it_would_be_built_on_the_requests_host_header()
    {
        using var app = App(baseUrl: null);
        var member = await app.MemberAsync(UserRole.Author);

        var page = await HtmlPage.GetAsync(app.Anonymous(), "/admin/forgot");
        var login = await HtmlPage.GetAsync(app.Anonymous(), "/admin/login");

        Assert.Contains("Ask an administrator", page.QuerySelector("main").Text());
        Assert.Null(page.QuerySelector("form[method=post] input[name=email]"));
        Assert.Contains("user reset-password", login.QuerySelector("main").Text());
        Assert.Empty(smtp.MessagesTo(member.Email));
    }

    [Fact]
    public async Task Asking_for_reset_links_is_rate_limited_per_address()
    {
        using var app = App();
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, "203.0.113.77");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await Newsroom.PostFormAsync(client, "/admin/forgot", "/admin/forgot", new() { ["email"] = $"someone{i}@example.org" })).StatusCode);
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    [Fact]
    public async Task The_cli_resets_a_password_read_from_standard_input()
    {
        using var app = App(withMail: false);
        var member = await app.MemberAsync(UserRole.Editor);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await BroadsheetCli.RunAsync(["user", "reset-password", "--email", member.Email], output, error, app.Settings, new StringReader("a passphrase from the cli\n"));
        var unknown = await BroadsheetCli.RunAsync(["user", "reset-password", "--email", "nobody@example.org"], TextWriter.Null, error, app.Settings, new StringReader("whatever it is here\n"));

        Assert.Equal(0, exit);
        Assert.Contains("has a new password", output.ToString());
        Assert.Equal(1, unknown);
        Assert.Equal(HttpStatusCode.Redirect, (await member.Admin.GetAsync("/admin/")).StatusCode);
        await Newsroom.SignedInAsync(app, member.Email, "a passphrase from the cli");
    }
}
