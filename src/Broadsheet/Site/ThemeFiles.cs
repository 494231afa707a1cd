using System.Globalization;
using Broadsheet.Infrastructure;
using Microsoft.Extensions.Options;

namespace Broadsheet.Site;

/// <summary>
/// Customisation without code: "custom.css" in the data directory is served after the theme's styles, and the
/// data directory's "media" folder (a logo, say) is served at /media/.
/// </summary>
public sealed class ThemeFiles(IOptions<BroadsheetOptions> options)
{
    public string CustomCssPath => Path.Combine(options.Value.DataDirectoryFullPath, "custom.css");

    public string MediaDirectory => Path.Combine(options.Value.DataDirectoryFullPath, "media");

    /// <summary>The custom stylesheet's URL, versioned by its last change, or null when there is none.</summary>
    public string? CustomCssUrl
    {
        get
        {
            var file = new FileInfo(CustomCssPath);
            return file.Exists ? "/custom.css?v=" + file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : null;
        }
    }
}
