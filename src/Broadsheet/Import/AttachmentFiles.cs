namespace Broadsheet.Import;

/// <summary>
/// Where an import finds its attachments' files: a copy of the old site's <c>wp-content/uploads</c> folder, the old
/// site itself over HTTP, or both (the folder first). Without either, attachments keep their old addresses.
/// </summary>
public sealed record ImportMedia(string? UploadsDirectory, bool Fetch)
{
    public static readonly ImportMedia None = new(null, false);

    public bool Any => UploadsDirectory is not null || Fetch;
}

/// <summary>An attachment's file, or why it could not be had.</summary>
public sealed record AttachmentFile(byte[]? Bytes, string? Problem);

/// <summary>Reads an attachment's file from where <see cref="ImportMedia"/> says, never more than the library takes.</summary>
public sealed class AttachmentFiles(IHttpClientFactory clients)
{
    public const string ClientName = "wordpress-uploads";
    private const string UploadsSegment = "/wp-content/uploads/";

    /// <param name="attachedFile">WordPress's <c>_wp_attached_file</c>: the path under uploads, e.g. "2024/07/quay.jpg".</param>
    public async Task<AttachmentFile> ReadAsync(ImportMedia media, string url, string? attachedFile, long maxBytes, CancellationToken ct)
    {
        string? missing = null;
        if (media.UploadsDirectory is { } directory && (attachedFile is { Length: > 0 } ? attachedFile : UploadsPath(url)) is { } relative)
        {
            var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
            var full = Path.GetFullPath(Path.Combine(root, relative.TrimStart('/')));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return new AttachmentFile(null, $"its file path '{relative}' leads outside the uploads folder");
            }
            if (File.Exists(full))
            {
                return new FileInfo(full).Length > maxBytes
                    ? new AttachmentFile(null, $"its file is larger than the library takes ({maxBytes / 1024 / 1024} MB)")
                    : new AttachmentFile(await File.ReadAllBytesAsync(full, ct), null);
            }
            missing = $"its file '{relative}' is not in {directory}";
        }
        if (!media.Fetch)
        {
            return new AttachmentFile(null, missing ?? "its address is not under wp-content/uploads");
        }
        return await FetchAsync(url, maxBytes, ct);
    }

    private async Task<AttachmentFile> FetchAsync(string url, long maxBytes, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return new AttachmentFile(null, "its address is not an http(s) URL");
        }
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new AttachmentFile(null, $"{uri} answered {(int)response.StatusCode}");
            }
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return new AttachmentFile(null, $"its file is larger than the library takes ({maxBytes / 1024 / 1024} MB)");
            }
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            for (var read = await body.ReadAsync(buffer, ct); read > 0; read = await body.ReadAsync(buffer, ct))
            {
                if (copy.Length + read > maxBytes)
                {
                    return new AttachmentFile(null, $"its file is larger than the library takes ({maxBytes / 1024 / 1024} MB)");
                }
                copy.Write(buffer, 0, read);
            }
            return new AttachmentFile(copy.ToArray(), null);
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException or IOException)
        {
            return new AttachmentFile(null, $"{uri} could not be fetched ({failed.Message.TrimEnd('.')})");
        }
    }

    /// <summary>An uploads address's path under uploads: ".../wp-content/uploads/2024/07/quay.jpg" → "2024/07/quay.jpg".</summary>
    public static string? UploadsPath(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var at = uri.AbsolutePath.IndexOf(UploadsSegment, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : Uri.UnescapeDataString(uri.AbsolutePath[(at + UploadsSegment.Length)..]);
    }
}
