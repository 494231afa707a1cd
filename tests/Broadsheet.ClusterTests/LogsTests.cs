using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Broadsheet.ClusterTests;

/// <summary>
/// Broadsheet__Logging__Format=json, in a real process behind a trusted proxy: every line is a JSON object, what
/// happens in a request carries the request's id, and no line holds a reader's address, an email or a token.
/// </summary>
public sealed partial class LogsTests : IDisposable
{
    private const string ReaderAddress = "198.51.100.77";
    private const string ReaderEmail = "secret.reader@example.org";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "broadsheet-cluster", "logs-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Cluster.Node _node;

    public LogsTests() => _node = new Cluster.Node("logs", Cluster.FreePort(), _ => new()
    {
        ["Broadsheet__DataDirectory"] = _data,
        ["Broadsheet__SeedDemoContent"] = "false",
        ["Broadsheet__BootstrapToken"] = Cluster.Token,
        ["Broadsheet__BootstrapAdmin__Email"] = Cluster.AdminEmail,
        ["Broadsheet__BootstrapAdmin__Password"] = Cluster.AdminPassword,
        ["Broadsheet__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        ["Broadsheet__Logging__Format"] = "json",
        ["Logging__LogLevel__Broadsheet"] = "Debug",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task Json_lines_with_request_ids_and_no_address_email_or_token()
    {
        await _node.StartAsync();
        var article = await Cluster.CreateArticleAsync(_node);
        using var reader = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _node.Url };
        reader.DefaultRequestHeaders.Add("X-Forwarded-For", ReaderAddress);

        var comment = await reader.PostAsJsonAsync($"/api/v1/articles/{article.GetProperty("id").GetInt32()}/comments",
            new { comment = "A reader's view on the harbour plans.", name = "Secret Reader", email = ReaderEmail });
        for (var guess = 0; guess < 5; guess++)
        {
            var form = await reader.GetStringAsync("/admin/login");
            await reader.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = Cluster.AdminEmail, ["password"] = $"wrong guess {guess}", ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            }));
        }
        var report = await reader.PostAsync("/csp-report", new StringContent(
            """{"csp-report":{"document-uri":"http://127.0.0.1/","violated-directive":"script-src","blocked-uri":"inline"}}""",
            System.Text.Encoding.UTF8, "application/csp-report"));
        var (exitCode, _) = await _node.TerminateAsync(TimeSpan.FromSeconds(30));
        var lines = _node.AllOutput.Where(l => l.Trim().Length > 0).ToList();

        Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
        Assert.True(report.IsSuccessStatusCode, $"csp report → {(int)report.StatusCode}");
        Assert.Equal(0, exitCode);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Category", out _) && e.TryGetProperty("Timestamp", out _), e.GetRawText()));
        var lockOut = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "Broadsheet.Accounts.SignIn");
        Assert.Contains(lockOut.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out _));
        Assert.Contains(entries, e => e.GetProperty("Category").GetString()!.Contains("Csp", StringComparison.Ordinal));
        foreach (var secret in new[] { ReaderAddress, ReaderEmail, Cluster.AdminEmail, Cluster.AdminPassword, Cluster.Token })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void Dispose()
    {
        _node.Kill();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
