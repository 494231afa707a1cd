using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Accounts;

public sealed class BootstrapTests
{
    [Fact]
    public async Task The_bootstrap_token_and_admin_exist_after_start_up_and_only_hashes_are_stored()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:BootstrapAdmin:Email"] = "chief@example.org",
            ["Broadsheet:BootstrapAdmin:Password"] = "a long enough password",
        });

        var response = await app.Editor().PostAsync("/api/v1/sections", new StringContent("""{"name":"Culture"}""", System.Text.Encoding.UTF8, "application/json"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var token = await db.ApiTokens.SingleAsync();
        var admin = await db.Users.SingleAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(ApiAuth.HashSecret(BroadsheetApp.Token), token.SecretHash);
        Assert.DoesNotContain(BroadsheetApp.Token, token.SecretHash);
        Assert.Equal(UserRole.Administrator, admin.Role);
        Assert.DoesNotContain("a long enough password", admin.PasswordHash);
    }

    [Fact]
    public void A_bootstrap_token_shorter_than_32_characters_stops_start_up()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?>
        {
            ["Broadsheet:BootstrapToken"] = "too-short",
        });

        Assert.Equal(["Broadsheet__BootstrapToken must be at least 32 characters long."], problems);
    }
}
