using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// A stand-in for the paid Akismet service (the one fake the project allows), speaking its real protocol on a
/// loopback port: comment-check answers "true" for texts mentioning viagra, stalls on "slow", fails on "broken";
/// submit-spam and submit-ham are recorded.
/// </summary>
public sealed class FakeAkismet : IAsyncDisposable
{
    public const string Key = "test-akismet-key";

    private readonly WebApplication _app;

    public FakeAkismet()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/1.1/{method}", async (string method, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Calls.Enqueue((method, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            if (form["api_key"] != Key)
            {
                return Results.Text("invalid");
            }
            var content = form["comment_content"].ToString();
            if (content.Contains("slow", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            if (content.Contains("broken", StringComparison.OrdinalIgnoreCase))
            {
                return Results.StatusCode(500);
            }
            return method == "comment-check"
                ? Results.Text(content.Contains("viagra", StringComparison.OrdinalIgnoreCase) ? "true" : "false")
                : Results.Text("Thanks for making the web a better place.");
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("no address");
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<(string Method, Dictionary<string, string> Fields)> Calls { get; } = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
