using System.Diagnostics;

namespace Broadsheet.ClusterTests;

/// <summary>Start-up checks every setting and stops with one clear message per mistake: no stack trace, exit code 1.</summary>
public sealed class StartupSettingsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "broadsheet-cluster", "settings-" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<(int ExitCode, string Output)> StartAsync(Dictionary<string, string> settings)
    {
        var app = Path.Combine(Cluster.RepositoryRoot(), "src", "Broadsheet", "bin", "Release", "net10.0", "Broadsheet.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{Cluster.FreePort()}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(app)!,
        };
        start.Environment["Broadsheet__DataDirectory"] = _data;
        start.Environment["Broadsheet__SeedDemoContent"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The site started (or hung) despite its mistaken settings.");
        }
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Each_mistaken_setting_is_named_once_and_the_site_does_not_start()
    {
        var (exitCode, output) = await StartAsync(new()
        {
            ["Broadsheet__Comments__MaxDepht"] = "3",
            ["Broadsheet__Comments__MaxDepth"] = "0",
            ["Broadsheet__Popular__Size"] = "many",
            ["Broadsheet__Site__BaseUrl"] = "news.example.org",
            ["Broadsheet__Site__TimeZone"] = "Mars/Olympus",
            ["Broadsheet__RateLimits__Comments__Permits"] = "-3",
            ["Broadsheet__ForwardedHeaders__KnownProxies__0"] = "the proxy",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Broadsheet cannot start: 7 settings need correcting.", output);
        Assert.Contains("Broadsheet:Comments:MaxDepht is not a setting", output);
        Assert.Contains("Broadsheet:Comments:MaxDepth: The field MaxDepth must be between 1 and 10.", output);
        Assert.Contains("'many' at 'Broadsheet:Popular:Size'", output);
        Assert.Contains("Broadsheet:Site:BaseUrl 'news.example.org' must be an absolute http or https address", output);
        Assert.Contains("Broadsheet:Site:TimeZone 'Mars/Olympus' is not a known time zone id.", output);
        Assert.Contains("Broadsheet:RateLimits:Comments:Permits: The field Permits must be between", output);
        Assert.Contains("Broadsheet__ForwardedHeaders__KnownProxies__0 is 'the proxy', which is not an IP address.", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_setting_that_needs_another_says_which()
    {
        var (exitCode, output) = await StartAsync(new() { ["Broadsheet__Database__Provider"] = "Postgres" });

        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings__Postgres must name the database", output);
        Assert.DoesNotContain("   at ", output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
