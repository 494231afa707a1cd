using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Media;

/// <summary>Broadsheet:Media: where uploaded images go and how large they may be.</summary>
public sealed class MediaOptions
{
    /// <summary>
    /// Where uploads are stored, served at /media/uploads/. Empty: "media/uploads" in the data directory. With several
    /// nodes, every node must see the same folder (a shared mount), as docs/scaling.md says.
    /// </summary>
    public string? UploadDirectory { get; set; }

    [Range(1, 100)]
    public int MaxUploadMegabytes { get; set; } = 20;

    /// <summary>A decoded image this large (width × height) is refused before it is decoded: a small file can unpack into gigabytes.</summary>
    [Range(1, 200)]
    public int MaxMegapixels { get; set; } = 50;
}
