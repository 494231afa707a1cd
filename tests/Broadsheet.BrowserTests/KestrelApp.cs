using Broadsheet.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.BrowserTests;

/// <summary>The app on a real Kestrel port on loopback, for a browser to reach.</summary>
public static class KestrelApp
{
    public static string Start(BroadsheetApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("Kestrel has no address");
        app.ClientOptions.BaseAddress = new Uri(origin);
        return origin;
    }

    /// <summary>The repository's root folder (where Broadsheet.slnx is), found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Broadsheet.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Broadsheet.slnx not found above " + AppContext.BaseDirectory);
    }
}
