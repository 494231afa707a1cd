using System.Globalization;
using Broadsheet.Caching;
using Broadsheet.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Broadsheet.Site;

/// <summary>
/// Customisation without code: "custom.css" in the data directory is served after the theme's styles, and the
/// data directory's "media" folder (a logo, say) is served at /media/. The stylesheet is watched: adding,
/// changing or removing it changes its URL and refreshes every cached page, with no restart.
/// </summary>
public sealed class ThemeFiles : IDisposable
{
    private const string CustomCssName = "custom.css";
    private readonly PhysicalFileProvider _dataDirectory;
    private readonly IServiceProvider _services;
    private IDisposable? _watch;
    private volatile string? _customCssUrl;

    public ThemeFiles(IOptions<BroadsheetOptions> options, IServiceProvider services)
    {
        var root = options.Value.DataDirectoryFullPath;
        Directory.CreateDirectory(root);
        _dataDirectory = new PhysicalFileProvider(root);
        _services = services;
        CustomCssPath = Path.Combine(root, CustomCssName);
        MediaDirectory = Path.Combine(root, "media");
        _customCssUrl = ReadCustomCssUrl();
        Watch();
    }

    public string CustomCssPath { get; }

    public string MediaDirectory { get; }

    /// <summary>The custom stylesheet's URL, versioned by its last change, or null when there is none.</summary>
    public string? CustomCssUrl => _customCssUrl;

    public void Dispose()
    {
        _watch?.Dispose();
        _dataDirectory.Dispose();
    }

    private void Watch() =>
        _watch = ChangeToken.OnChange(() => _dataDirectory.Watch(CustomCssName), () =>
        {
            _customCssUrl = ReadCustomCssUrl();
            _ = _services.GetRequiredService<PageCache>().PurgeAsync([PageTags.Everything], CancellationToken.None);
        });

    private string? ReadCustomCssUrl()
    {
        var file = new FileInfo(CustomCssPath);
        return file.Exists ? "/custom.css?v=" + file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : null;
    }
}
