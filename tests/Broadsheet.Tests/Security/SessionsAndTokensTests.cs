using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Security;

/// <summary>
/// An admin session ends when its user is removed, demoted or given a new password; API tokens expire, can be
/// revoked at once, and do no more than their user now may.
/// </summary>
public sealed class SessionsAndTokensTests
{
    private const string Password = "a long desk passphrase";

    private static Task<HttpClient> SignedInAsync(BroadsheetApp app, string email) => Newsroom.SignedInAsync(app, email, Password);

    private static async Task<T> WithAccountsAsync<T>(BroadsheetApp app, Func<AccountEditing, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AccountEditing>());
    }

    private static async Task AddUserAsync(BroadsheetApp app, string email, UserRole role) =>
        Assert.IsType<Broadsheet.Infrastructure.Problems.Saved<User>>(
            await WithAccountsAsync(app, a => a.AddUserAsync(new NewUser { Email = email, Password = Password, Role = role }, CancellationToken.None)));

    private static HttpClient Bearer(BroadsheetApp app, string secret)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_removed_users_admin_session_ends_on_its_next_request()
    {
        using var app = new BroadsheetApp();
        await AddUserAsync(app, "leaving@example.org", UserRole.Editor);
        var session = await SignedInAsync(app, "leaving@example.org");
        var before = await session.GetAsync("/admin/");

        await WithAccountsAsync(app, a => a.RemoveUserAsync("leaving@example.org", CancellationToken.None));
        var after = await session.GetAsync("/admin/");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_demoted_admin_keeps_no_admin_session_and_a_new_password_ends_old_sessions()
    {
        using var app = new BroadsheetApp();
        await AddUserAsync(app, "chief@example.org", UserRole.Administrator);
        var session = await SignedInAsync(app, "chief@example.org");
        await WithAccountsAsync(app, a => a.ChangeRoleAsync("chief@example.org", UserRole.Editor, CancellationToken.None));
        var afterDemotion = await session.GetAsync("/admin/");

        var again = await SignedInAsync(app, "chief@example.org");
        var signedInAgain = await again.GetAsync("/admin/");
        await WithAccountsAsync(app, async a => { await a.EnsureUserAsync("chief@example.org", "a brand new passphrase", UserRole.Editor, CancellationToken.None); return 0; });
        var afterNewPassword = await again.GetAsync("/admin/");

        Assert.Equal(HttpStatusCode.Redirect, afterDemotion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedInAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterNewPassword.StatusCode);
    }

    [Fact]
    public async Task A_user_from_before_security_stamps_signs_in_and_stays_signed_in()
    {
        using var app = new BroadsheetApp();
        await AddUserAsync(app, "veteran@example.org", UserRole.Editor);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
            var user = db.Users.Single(u => u.Email == "veteran@example.org");
            user.SecurityStamp = "";
            await db.SaveChangesAsync();
        }

        var session = await SignedInAsync(app, "veteran@example.org");

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/admin/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/admin/")).StatusCode);
    }

    [Fact]
    public async Task A_token_expires_and_then_says_so()
    {
        using var app = new BroadsheetApp();
        var secret = await WithAccountsAsync(app, a => a.CreateTokenAsync("desk app", UserRole.Editor, null, TimeSpan.FromDays(90), CancellationToken.None));
        var client = Bearer(app, secret);
        var fresh = await client.PostAsync("/api/v1/sections", Json("""{"name":"Weather"}"""));

        app.Clock.Advance(TimeSpan.FromDays(91));
        var expired = await client.PostAsync("/api/v1/sections", Json("""{"name":"Tides"}"""));

        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.ToString());
        Assert.Contains("expired", (await expired.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_admin_revokes_a_token_through_the_api_and_it_stops_at_once()
    {
        using var app = new BroadsheetApp();
        var secret = await WithAccountsAsync(app, a => a.CreateTokenAsync("leaked app", UserRole.Editor, null, null, CancellationToken.None));
        var leaked = Bearer(app, secret);
        var before = await leaked.PostAsync("/api/v1/sections", Json("""{"name":"Weather"}"""));

        var list = JsonDocument.Parse(await app.Editor().GetStringAsync("/api/v1/tokens")).RootElement;
        var id = list.EnumerateArray().Single(t => t.Str("name") == "leaked app").GetProperty("id").GetInt32();
        var editorTries = await leaked.DeleteAsync($"/api/v1/tokens/{id}");
        var revoke = await app.Editor().DeleteAsync($"/api/v1/tokens/{id}");
        var after = await leaked.PostAsync("/api/v1/sections", Json("""{"name":"Tides"}"""));
        var missing = await app.Editor().DeleteAsync("/api/v1/tokens/999999");

        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        Assert.DoesNotContain(secret, list.GetRawText());
        Assert.DoesNotContain(ApiAuth.HashSecret(secret), list.GetRawText());
        Assert.Equal(HttpStatusCode.Forbidden, editorTries.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_users_admin_token_does_no_more_than_the_user_now_may_and_goes_with_the_user()
    {
        using var app = new BroadsheetApp();
        await AddUserAsync(app, "night@example.org", UserRole.Administrator);
        var userId = await WithAccountsAsync(app, async a => (await a.ChangeRoleAsync("night@example.org", UserRole.Administrator, CancellationToken.None))!.Id);
        var secret = await WithAccountsAsync(app, a => a.CreateTokenAsync("night desk", UserRole.Administrator, userId, null, CancellationToken.None));
        var client = Bearer(app, secret);
        var asAdmin = await client.GetAsync("/api/v1/tokens");

        await WithAccountsAsync(app, a => a.ChangeRoleAsync("night@example.org", UserRole.Editor, CancellationToken.None));
        var asEditor = await client.GetAsync("/api/v1/tokens");
        var editorWrite = await client.PostAsync("/api/v1/sections", Json("""{"name":"Weather"}"""));
        await WithAccountsAsync(app, a => a.RemoveUserAsync("night@example.org", CancellationToken.None));
        var gone = await client.PostAsync("/api/v1/sections", Json("""{"name":"Tides"}"""));

        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asEditor.StatusCode);
        Assert.Equal(HttpStatusCode.Created, editorWrite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);
    }

    [Fact]
    public async Task The_command_line_creates_expiring_tokens_lists_and_revokes_them()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        try
        {
            async Task<(int Exit, string Output, string Error)> Run(params string[] args)
            {
                using var output = new StringWriter();
                using var error = new StringWriter();
                var exit = await BroadsheetCli.RunAsync(args, output, error, TestDatabase.Settings(directory));
                return (exit, output.ToString(), error.ToString());
            }
            var usual = await Run("token", "create", "--name", "wire feed");
            var forever = await Run("token", "create", "--name", "archive robot", "--expires-days", "never");
            var wrong = await Run("token", "create", "--name", "oops", "--expires-days", "0");
            var listed = await Run("token", "list");
            var id = listed.Output.Split('\n').Single(l => l.Contains("wire feed", StringComparison.Ordinal)).Split('\t')[0];
            var revoked = await Run("token", "revoke", "--id", id);
            var listedAgain = await Run("token", "list");
            var unknown = await Run("token", "revoke", "--id", "999999");

            Assert.Equal(0, usual.Exit);
            Assert.Contains($"expires on {DateTime.UtcNow.AddDays(BroadsheetCli.DefaultTokenDays):yyyy-MM-dd}", usual.Error);
            Assert.Contains("does not expire", forever.Error);
            Assert.Equal(2, wrong.Exit);
            Assert.Contains("--expires-days", wrong.Error);
            Assert.Contains("archive robot\teditor\t-\t", listed.Output);
            Assert.Contains("\tnever\t-", listed.Output);
            Assert.DoesNotContain(usual.Output.Trim(), listed.Output);
            Assert.Equal(0, revoked.Exit);
            Assert.DoesNotMatch(@"wire feed\t.*\t-\s*$", listedAgain.Output.Split('\n').Single(l => l.Contains("wire feed", StringComparison.Ordinal)));
            Assert.Equal(1, unknown.Exit);
        }
        finally
        {
            BroadsheetApp.DeleteDataDirectory(directory);
        }
    }
}
