using System.Security.Cryptography;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

/// <summary>An article a picture appears in.</summary>
public sealed record MediaUser(int ArticleId, string Title);

/// <summary>Where a picture is used: shown on top or in previews (<see cref="Pictured"/>), or linked from the text.</summary>
public sealed record MediaUsage(IReadOnlyList<MediaUser> Pictured, IReadOnlyList<MediaUser> Linked)
{
    public bool Unused => Pictured.Count == 0 && Linked.Count == 0;
}

/// <summary>The alt text, caption and credit an upload or an edit gives.</summary>
public sealed record MediaDetails(string? Alt, string? Caption, string? Credit);

/// <summary>
/// Uploading and describing pictures: the admin's library and the article editor both come here. A file is refused
/// with the field's message (not a picture, too large, alt text missing) before anything is stored.
/// </summary>
public sealed class MediaLibrary(
    BroadsheetDb db, SqlDialect dialect, IMediaStore store, IOptionsMonitor<MediaOptions> options, TimeProvider clock, Caching.PageCache pages, ILogger<MediaLibrary> logger)
{
    public const string AltRequired = "Please describe the picture for readers who cannot see it (alt text).";

    public long MaxBytes => options.CurrentValue.MaxUploadMegabytes * 1024L * 1024L;

    public async Task<EditResult<MediaItem>> UploadAsync(IFormFile? file, MediaDetails details, Actor by, CancellationToken ct)
    {
        var errors = Check(details);
        if (file is null || file.Length == 0)
        {
            errors.Add("file", "Please choose a picture to upload.");
        }
        else if (file.Length > MaxBytes)
        {
            errors.Add("file", $"This file is {file.Length / 1024.0 / 1024.0:0.#} MB; pictures may be at most {options.CurrentValue.MaxUploadMegabytes} MB.");
        }
        if (errors.Any || file is null)
        {
            return new Invalid<MediaItem>(errors.ToDictionary());
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var reading = Read(buffer.ToArray());
        if (reading is not ReadImage image)
        {
            var reason = reading is NotAnImage refused ? refused.Reason : ImageVariants.NotAnImageMessage;
            return new Invalid<MediaItem>(new Dictionary<string, string[]> { ["file"] = [reason] });
        }
        var item = await SaveFilesAsync(image, file.FileName, details, by.UserId, ct);
        db.MediaItems.Add(item);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Stored picture {MediaId} ({Width}×{Height}, {Variants} variants).", item.Id, item.Width, item.Height, image.Variants.Count);
        return new Saved<MediaItem>(item);
    }

    /// <summary>A picture's bytes decoded and its variants made, or why not (not a picture, too many pixels).</summary>
    public ImageReading Read(byte[] bytes) => ImageVariants.Read(bytes, options.CurrentValue.MaxMegapixels);

    /// <summary>
    /// Writes a read picture's variants to the store and returns its row, not yet added: an upload adds it at once, an
    /// import with its batch. Alt text must be given.
    /// </summary>
    public async Task<MediaItem> SaveFilesAsync(ReadImage image, string fileName, MediaDetails details, int? byUserId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stem = Slug.From(Path.GetFileNameWithoutExtension(fileName)) is { Length: > 0 } named ? named[..Math.Min(named.Length, 60)] : "picture";
        var key = $"{now:yyyy}/{now:MM}/{stem}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        foreach (var variant in image.Variants)
        {
            await store.SaveAsync($"{key}-{variant.Width}.{variant.Extension}", variant.Bytes, ct);
        }
        return new MediaItem
        {
            Key = key,
            Format = image.Format,
            OriginalName = Truncate(CleanText.Line(Path.GetFileName(fileName)), 255),
            Width = image.Width,
            Height = image.Height,
            Widths = string.Join(',', image.Variants.Select(v => v.Width).Distinct()),
            Bytes = image.Variants.Sum(v => (long)v.Bytes.Length),
            Alt = Truncate(details.Alt!.Trim(), MediaItemConfiguration.AltMaxLength),
            Caption = Optional(details.Caption) is { } caption ? Truncate(caption, MediaItemConfiguration.CaptionMaxLength) : null,
            Credit = Optional(details.Credit),
            UploadedAt = now,
            UploadedById = byUserId,
        };
    }

    public async Task<EditResult<MediaItem>> DescribeAsync(int id, MediaDetails details, CancellationToken ct)
    {
        var errors = Check(details);
        if (errors.Any)
        {
            return new Invalid<MediaItem>(errors.ToDictionary());
        }
        if (await db.MediaItems.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return new Missing<MediaItem>();
        }
        (item.Alt, item.Caption, item.Credit) = (details.Alt!.Trim(), Optional(details.Caption), Optional(details.Credit));
        await db.SaveChangesAsync(ct);
        // Alt text and captions show on cached article and list pages.
        await pages.PurgeAsync([Caching.PageTags.Everything], ct);
        return new Saved<MediaItem>(item);
    }

    /// <summary>Newest first, 48 to a page, optionally only those whose alt text, caption, credit or file name has the words.</summary>
    public async Task<(IReadOnlyList<MediaItem> Items, int? Next)> ListAsync(string? text, int? before, CancellationToken ct)
    {
        const int PageSize = 48;
        var query = db.MediaItems.AsNoTracking();
        if (before is { } id)
        {
            query = query.Where(m => m.Id < id);
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            query = query.Where(dialect.ContainsText<MediaItem>(text.Trim(), m => m.Alt, m => m.OriginalName, m => m.Caption, m => m.Credit));
        }
        var rows = await query.OrderByDescending(m => m.Id).Take(PageSize + 1).ToListAsync(ct);
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize ? rows[PageSize - 1].Id : null);
    }

    /// <summary>What deleting a picture would change: articles showing it on top or in link previews, and articles whose text links it.</summary>
    public async Task<MediaUsage> UsageAsync(MediaItem item, CancellationToken ct)
    {
        var pictured = await db.Articles.AsNoTracking().Where(a => a.FeaturedImageId == item.Id || a.SocialImageId == item.Id)
            .OrderBy(a => a.Title).Select(a => new MediaUser(a.Id, a.Title)).Take(20).ToListAsync(ct);
        var linked = await db.Articles.AsNoTracking().Where(a => a.BodyMarkdown.Contains(item.Key))
            .OrderBy(a => a.Title).Select(a => new MediaUser(a.Id, a.Title)).Take(20).ToListAsync(ct);
        return new MediaUsage(pictured, linked);
    }

    /// <summary>
    /// Removes the row and every variant's file. Articles that showed it as featured or social image keep going
    /// without one (the foreign keys set null); a body that links it shows the alt text instead, so the page warns first.
    /// </summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        if (await db.MediaItems.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return false;
        }
        await db.Articles.Where(a => a.FeaturedImageId == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.FeaturedImageId, (int?)null), ct);
        await db.Articles.Where(a => a.SocialImageId == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.SocialImageId, (int?)null), ct);
        db.MediaItems.Remove(item);
        await db.SaveChangesAsync(ct);
        foreach (var width in item.WidthList)
        {
            foreach (var extension in new[] { "webp", item.Format }.Distinct())
            {
                await store.DeleteAsync($"{item.Key}-{width}.{extension}", ct);
            }
        }
        await pages.PurgeAsync([Caching.PageTags.Everything], ct);
        logger.LogInformation("Deleted picture {MediaId}.", id);
        return true;
    }

    private static FieldErrors Check(MediaDetails details)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(details.Alt))
        {
            errors.Add("alt", AltRequired);
        }
        else if (details.Alt.Trim().Length > MediaItemConfiguration.AltMaxLength)
        {
            errors.Add("alt", $"The alt text must be at most {MediaItemConfiguration.AltMaxLength} characters.");
        }
        if (details.Caption?.Length > MediaItemConfiguration.CaptionMaxLength)
        {
            errors.Add("caption", $"The caption must be at most {MediaItemConfiguration.CaptionMaxLength} characters.");
        }
        if (details.Credit?.Length > MediaItemConfiguration.CreditMaxLength)
        {
            errors.Add("credit", $"The credit must be at most {MediaItemConfiguration.CreditMaxLength} characters.");
        }
        return errors;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : CleanText.Line(text).Trim();
}
