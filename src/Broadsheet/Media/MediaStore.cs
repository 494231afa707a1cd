using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

/// <summary>Where the variants' bytes live: the data directory here; an object store could implement the same three calls.</summary>
public interface IMediaStore
{
    Task SaveAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct);

    Task DeleteAsync(string path, CancellationToken ct);

    /// <summary>The URL readers fetch the file from.</summary>
    string UrlOf(string path);
}

/// <summary>Files under <see cref="MediaOptions.UploadDirectory"/>, served at /media/uploads/ with long cache lifetimes (names never repeat).</summary>
public sealed class FileMediaStore(IOptions<MediaOptions> media, IOptions<Infrastructure.BroadsheetOptions> site) : IMediaStore
{
    public const string UrlPrefix = "/media/uploads";

    public string Directory => media.Value.UploadDirectory is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(site.Value.DataDirectoryFullPath, "media", "uploads");

    public async Task SaveAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var target = FullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written beside, then moved: a reader never gets half a file.
        var temporary = target + ".part";
        await File.WriteAllBytesAsync(temporary, bytes.ToArray(), ct);
        File.Move(temporary, target, overwrite: true);
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        var target = FullPath(path);
        if (File.Exists(target))
        {
            File.Delete(target);
        }
        return Task.CompletedTask;
    }

    public string UrlOf(string path) => $"{UrlPrefix}/{path}";

    private string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(Directory, path));
        return full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException("A media path must stay inside the upload directory.", nameof(path));
    }
}
