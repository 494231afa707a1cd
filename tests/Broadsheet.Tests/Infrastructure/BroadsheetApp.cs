using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Popular;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// The real application on a real SQLite file in its own temporary data directory (or, on the PostgreSQL leg of the
/// matrix, a real PostgreSQL database of its own: <see cref="TestDatabase"/>), with a fake clock and the settings a
/// test gives. Demo content is off unless a test turns it on.
/// </summary>
public class BroadsheetApp : WebApplicationFactory<Program>
{
    public const string Token = "test-bootstrap-token-0123456789-abcdefghijklmnop";

    public BroadsheetApp() : this(null, null)
    {
    }

    /// <summary>
    /// An app with its own settings. Given a data directory, the app leaves it in place when disposed (a restart
    /// test starts a second app on it); without one, it makes and removes its own.
    /// </summary>
    protected BroadsheetApp(string? dataDirectory, IDictionary<string, string?>? settings)
    {
        _ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        DataDirectory = dataDirectory;
        Settings = new Dictionary<string, string?>(TestDatabase.Settings(dataDirectory))
        {
            ["Broadsheet:SeedDemoContent"] = "false",
            ["Broadsheet:BootstrapToken"] = Token,
            ["Broadsheet:Site:Title"] = "The Test Gazette",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    private readonly bool _ownsDataDirectory;

    public static BroadsheetApp With(IDictionary<string, string?> settings, string? dataDirectory = null) => new(dataDirectory, settings);

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Thursday, July 18, 2024, noon UTC, unless a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 7, 18, 12, 0, 0, TimeSpan.Zero));

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "broadsheet-tests", Guid.NewGuid().ToString("N"));

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(Settings));
        return base.CreateHost(builder);
    }

    /// <summary>An app on an existing data directory, which it leaves in place (a restart test).</summary>
    public static BroadsheetApp At(string dataDirectory) => new(dataDirectory, null);

    /// <summary>What start-up would say of these settings (Program.cs prints it and exits 1; ClusterTests run that).</summary>
    public static IReadOnlyList<string> SettingsProblems(IDictionary<string, string?> settings)
    {
        var directory = NewDataDirectory();
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            builder.Configuration.AddInMemoryCollection(TestDatabase.Settings(directory).Concat(settings));
            builder.AddBroadsheet();
            using var app = builder.Build();
            return Broadsheet.Infrastructure.Settings.Problems(app.Services);
        }
        finally
        {
            DeleteDataDirectory(directory);
        }
    }

    public const string ClientIpHeader = "X-Test-Client-Ip";

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ClientIpFromHeader>();
        });

    /// <summary>The test server has no client address of its own: a test names one with <see cref="ClientIpHeader"/>.</summary>
    private sealed class ClientIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(ClientIpHeader, out var ip))
                {
                    http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(ip.ToString());
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>An HTTP client that does not follow redirects, so tests see 301s.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A client carrying the bootstrap API token.</summary>
    public HttpClient Editor()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public static string Unique(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<JsonElement> CreateSectionAsync(string? name = null, string? parent = null)
    {
        var response = await Editor().PostAsJsonAsync("/api/v1/sections", new { name = name ?? Unique("Section"), parent });
        return await ExpectJsonAsync(response, 201);
    }

    /// <summary>Creates an article through the API; published now unless the fields say otherwise.</summary>
    public async Task<JsonElement> CreateArticleAsync(string section, object? fields = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["title"] = Unique("A headline about the harbour"),
            ["body"] = "The council met on Tuesday.\n\n> We will rebuild the quay, said the mayor.\n\nNot everyone agreed.",
            ["section"] = section,
            ["status"] = "published",
        };
        foreach (var property in JsonSerializer.SerializeToElement(fields ?? new { }).EnumerateObject())
        {
            body[property.Name] = property.Value;
        }
        var response = await Editor().PostAsJsonAsync("/api/v1/articles", body);
        return await ExpectJsonAsync(response, 201);
    }

    /// <summary>Saves the buffered view counts now instead of waiting for the flush interval.</summary>
    public Task FlushViewsAsync() => Services.GetRequiredService<PopularFlusher>().FlushAsync(CancellationToken.None);

    public static async Task<JsonElement> ExpectJsonAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string PathOf(JsonElement resource) => new Uri(resource.Str("url")).AbsolutePath;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            DeleteDataDirectory(DataDirectory);
        }
    }

    public static void DeleteDataDirectory(string directory)
    {
        TestDatabase.Drop(directory);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
