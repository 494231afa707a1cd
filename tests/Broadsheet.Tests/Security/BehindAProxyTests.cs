using System.Net.Http.Json;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Broadsheet__ForwardedHeaders__KnownProxies / __KnownNetworks: only a named proxy's X-Forwarded-For (and -Proto)
/// is believed, IPv4 and IPv6; anyone else's is ignored, so nobody can pose as another reader.
/// </summary>
public sealed class BehindAProxyTests(BehindAProxyTests.ProxiedApp app) : IClassFixture<BehindAProxyTests.ProxiedApp>
{
    public sealed class ProxiedApp() : BroadsheetApp(null, new Dictionary<string, string?>
    {
        ["Broadsheet:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
        ["Broadsheet:ForwardedHeaders:KnownProxies:1"] = "2001:db8::5",
        ["Broadsheet:ForwardedHeaders:KnownNetworks:0"] = "192.168.40.0/24",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
    });

    /// <summary>Posts a comment as seen from <paramref name="connectedFrom"/>, and returns the stored IP hash and the comment's URL.</summary>
    private async Task<(string? IpHash, string Url)> PostAsync(string connectedFrom, string? forwardedFor, string? forwardedProto = null)
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{article.Id()}/comments")
        {
            Content = JsonContent.Create(new { comment = BroadsheetApp.Unique("Where did the money for the quay go?"), name = "Ola", email = $"{Guid.NewGuid():N}@example.org" }),
        };
        request.Headers.Add(BroadsheetApp.ClientIpHeader, connectedFrom);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        var posted = await BroadsheetApp.ExpectJsonAsync(await app.Anonymous().SendAsync(request), 201);
        using var scope = app.Services.CreateScope();
        var hash = await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().Comments.Where(c => c.Id == posted.Id()).Select(c => c.IpHash).SingleAsync();
        return (hash, posted.Str("url"));
    }

    private string HashOf(string ip) => app.Services.GetRequiredService<SiteKeys>().IpHash(ip);

    [Fact]
    public async Task A_known_proxy_forwarded_address_is_the_readers()
    {
        var (hash, _) = await PostAsync("10.0.0.5", "203.0.113.7");

        Assert.Equal(HashOf("203.0.113.7"), hash);
    }

    [Fact]
    public async Task A_forwarded_address_from_anyone_else_is_ignored()
    {
        var (hash, _) = await PostAsync("198.51.100.9", "203.0.113.7");

        Assert.Equal(HashOf("198.51.100.9"), hash);
    }

    [Fact]
    public async Task An_ipv6_proxy_and_a_proxy_network_are_trusted_and_a_chain_of_them_is_walked_back()
    {
        var (fromIpv6, _) = await PostAsync("2001:db8::5", "2001:db8:beef::1");
        var (fromNetwork, _) = await PostAsync("192.168.40.17", "203.0.113.8, 10.0.0.5");

        Assert.Equal(HashOf("2001:db8:beef::1"), fromIpv6);
        Assert.Equal(HashOf("203.0.113.8"), fromNetwork);
    }

    [Fact]
    public async Task A_reader_cannot_slip_an_address_in_front_of_the_proxy_chain()
    {
        // The reader sent "X-Forwarded-For: 10.0.0.5" itself; the proxy appended the reader's real address.
        var (hash, _) = await PostAsync("10.0.0.5", "10.0.0.5, 203.0.113.9");

        Assert.Equal(HashOf("203.0.113.9"), hash);
    }

    [Fact]
    public async Task The_scheme_a_known_proxy_forwards_is_the_one_links_use()
    {
        var (_, behindTls) = await PostAsync("10.0.0.5", "203.0.113.7", "https");
        var (_, spoofed) = await PostAsync("198.51.100.9", "203.0.113.7", "https");

        Assert.StartsWith("https://", behindTls);
        Assert.StartsWith("http://", spoofed);
    }

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_stops_start_up_with_a_message()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?>
        {
            ["Broadsheet:ForwardedHeaders:KnownProxies:0"] = "proxy.internal",
            ["Broadsheet:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/99",
        });

        Assert.Contains("Broadsheet__ForwardedHeaders__KnownProxies__0 is 'proxy.internal', which is not an IP address.", problems);
        Assert.Contains(problems, p => p.StartsWith("Broadsheet__ForwardedHeaders__KnownNetworks__0 is '10.0.0.0/99'", StringComparison.Ordinal));
    }
}
