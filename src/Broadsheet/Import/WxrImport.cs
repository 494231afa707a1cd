using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using AngleSharp.Html.Parser;
using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Infrastructure.Text;
using Broadsheet.Media;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Broadsheet.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Import;

/// <summary>How far an import has read: bytes of the file, and posts so far.</summary>
public sealed record ImportProgress(long Bytes, long TotalBytes, int Posts);

/// <summary>
/// Imports a WordPress export (<see cref="WxrReader"/>) as it streams: bylines from its authors, sections from its
/// categories (nested as they were), tags, articles from posts with their comments threaded, static pages from pages.
/// Items are written in batches, each in one transaction, so a post never lands without its comments and a file cut
/// off halfway leaves what was read before it whole. Keyed on WordPress's ids (<see cref="ImportedItem"/>): running
/// it again updates what it imported before. Every old permalink is kept as a redirect to the new address.
/// </summary>
public sealed partial class WxrImport(BroadsheetDb db, MarkdownRenderer markdown, SiteKeys keys, TimeProvider clock, SectionEditing sections,
    Search.SearchIndex search, Caching.PageCache pages, IOptionsMonitor<CommentsOptions> commentOptions, MediaLibrary library, BodyPictures pictures,
    IMediaStore store, AttachmentFiles files)
{
    public const int BatchSize = 250;
    public const string SavedBy = "WordPress import";
    public const string UntitledTitle = "(no title)";
    public const string FallbackSection = "uncategorized";

    private readonly Dictionary<string, Dictionary<string, int>> _imported = [];
    private readonly HashSet<string> _takenArticleSlugs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _takenPageSlugs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Section> _sectionsBySlug = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Section> _sectionsById = [];
    private readonly Dictionary<long, string> _categorySlugsByTermId = [];
    private readonly Dictionary<string, string> _categoryParents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, string Name, string Slug)> _tagsBySlug = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (int Id, string Name, string Slug)> _tagsById = [];
    private readonly Dictionary<string, (int Id, string Name, string Slug)> _authorsByLogin = new(StringComparer.Ordinal);
    private readonly Dictionary<long, WordPressAttachment> _attachments = [];
    private readonly List<WxrItem> _galleries = [];
    // Pictures brought into the library, by their old address's path (sizes taken off) and by key: read and written by
    // the preparing side only, until the end. The library's rows of an earlier import's pictures, read once at the start.
    private readonly Dictionary<string, MediaItem> _localByPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MediaItem> _localByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<long, MediaItem> _previousMedia = [];
    // Posts and pages (WordPress ids) whose pictures or featured picture came later in the file than they did.
    private readonly HashSet<long> _lateMedia = [];
    private readonly List<(long PostId, long AttachmentId)> _lateFeatured = [];
    private ImportMedia _media = ImportMedia.None;
    private readonly HtmlParser _html = new();
    private ImportReport _report = new();

    public async Task<ImportReport> ImportAsync(Stream file, ImportMedia media, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _report = new ImportReport();
        _media = media;
        await LoadAsync(ct);
        // The site key may be made on first use, by another connection: before any transaction of ours holds SQLite's lock.
        _ = keys.IpHash("127.0.0.1");
        var terms = new List<WxrEntry>();
        var batch = new List<WxrItem>();
        var termsWritten = false;
        // Bodies are converted and rendered for the next batch while this one is written: the two cores both work.
        Task<PreparedBatch>? preparing = null;
        async Task FlushAsync(List<WxrItem> items)
        {
            var ready = preparing is null ? null : await preparing;
            preparing = items.Count == 0 ? null : Task.Run(() => PrepareAsync(items, ct), ct);
            if (ready is not null)
            {
                await WriteItemsAsync(ready, ct);
            }
        }
        var posts = 0;
        var total = file.CanSeek ? file.Length : 0;
        using var entries = WxrReader.Read(file).GetEnumerator();
        while (true)
        {
            WxrEntry entry;
            try
            {
                if (!entries.MoveNext())
                {
                    break;
                }
                entry = entries.Current;
            }
            catch (XmlException malformed)
            {
                _report.Failure = string.Create(CultureInfo.InvariantCulture,
                    $"The export is malformed or cut off at line {malformed.LineNumber}, column {malformed.LinePosition} ({Reason(malformed)}); everything before it was imported, nothing after.");
                break;
            }
            switch (entry)
            {
                case WxrAuthor or WxrTerm:
                    terms.Add(entry);
                    break;
                case WxrItem item:
                    if (!termsWritten)
                    {
                        await WriteTermsAsync(terms, ct);
                        termsWritten = true;
                    }
                    batch.Add(item);
                    posts += item.Type == "post" ? 1 : 0;
                    if (batch.Count >= BatchSize)
                    {
                        await FlushAsync(batch);
                        batch = [];
                        progress?.Report(new ImportProgress(file.CanSeek ? file.Position : 0, total, posts));
                    }
                    break;
            }
        }
        if (!termsWritten)
        {
            await WriteTermsAsync(terms, ct);
        }
        await FlushAsync(batch);
        await FlushAsync([]);
        await PlaceLateAsync(ct);
        await pages.PurgeAsync([Caching.PageTags.Everything], ct);
        progress?.Report(new ImportProgress(total, total, posts));
        _report.Took = watch.Elapsed;
        return _report;
    }

    private static string Reason(XmlException malformed)
    {
        var message = malformed.Message;
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        foreach (var group in (await db.Set<ImportedItem>().AsNoTracking().Select(i => new { i.Kind, i.SourceKey, i.LocalId }).ToListAsync(ct)).GroupBy(i => i.Kind))
        {
            _imported[group.Key] = group.ToDictionary(i => i.SourceKey, i => i.LocalId, StringComparer.Ordinal);
        }
        _takenArticleSlugs.UnionWith(await db.Articles.Select(a => a.Slug).ToListAsync(ct));
        foreach (var section in await db.Sections.AsNoTracking().ToListAsync(ct))
        {
            Know(section);
            _takenArticleSlugs.Add(section.Slug);
        }
        _takenPageSlugs.UnionWith(await db.StaticPages.Select(p => p.Slug).ToListAsync(ct));
        foreach (var tag in await db.Tags.AsNoTracking().Select(t => new { t.Id, t.Name, t.Slug }).ToListAsync(ct))
        {
            Know((tag.Id, tag.Name, tag.Slug));
        }
        var pictures = new Dictionary<int, long>();
        foreach (var (key, mediaId) in Imported(ImportedItem.Kinds.Attachment).Where(a => a.Value > 0))
        {
            pictures.TryAdd(mediaId, long.Parse(key, CultureInfo.InvariantCulture));
        }
        var mediaIds = pictures.Keys.ToList();
        foreach (var chunk in mediaIds.Chunk(1000))
        {
            foreach (var item in await db.MediaItems.AsNoTracking().Where(m => chunk.Contains(m.Id)).ToListAsync(ct))
            {
                _previousMedia[pictures[item.Id]] = item;
            }
        }
    }

    private void Know(Section section) => _sectionsBySlug[section.Slug] = _sectionsById[section.Id] = section;

    private (int Id, string Name, string Slug) Know((int Id, string Name, string Slug) tag) => _tagsBySlug[tag.Slug] = _tagsById[tag.Id] = tag;

    private Dictionary<string, int> Imported(string kind) =>
        _imported.TryGetValue(kind, out var map) ? map : _imported[kind] = new Dictionary<string, int>(StringComparer.Ordinal);

    private void Remember(string kind, string key, int localId)
    {
        if (Imported(kind).TryAdd(key, localId))
        {
            db.Add(new ImportedItem { Kind = kind, SourceKey = key, LocalId = localId, ImportedAt = Now });
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // Authors, categories and tags come before the items: few, so written as they are, then the items in batches.
    private async Task WriteTermsAsync(List<WxrEntry> entries, CancellationToken ct)
    {
        foreach (var author in entries.OfType<WxrAuthor>().Where(a => a.Login.Length > 0))
        {
            await AuthorAsync(author.Login, author.DisplayName, ct);
        }
        var categories = entries.OfType<WxrTerm>().Where(t => t.Kind == WxrTermKind.Category).ToList();
        foreach (var category in categories)
        {
            if (category.Id is { } id)
            {
                _categorySlugsByTermId[id] = CategoryKey(category.Slug, category.Name);
            }
        }
        // Parents first, whatever order the file has them in; a parent that is missing makes a top-level section.
        var bySlug = categories.GroupBy(c => CategoryKey(c.Slug, c.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        async Task PlaceAsync(WxrTerm category, int depth)
        {
            var key = CategoryKey(category.Slug, category.Name);
            if (!placed.Add(key))
            {
                return;
            }
            var parent = category.Parent is { } p && bySlug.TryGetValue(Decode(p), out var parentTerm) && depth < 50 ? parentTerm : null;
            if (parent is not null)
            {
                _categoryParents[key] = CategoryKey(parent.Slug, parent.Name);
                await PlaceAsync(parent, depth + 1);
            }
            await SectionAsync(key, WebUtility.HtmlDecode(category.Name), parent is null ? null : CategoryKey(parent.Slug, parent.Name), category.Line, ct);
        }
        foreach (var category in categories)
        {
            await PlaceAsync(category, 0);
        }
        foreach (var tag in entries.OfType<WxrTerm>().Where(t => t.Kind == WxrTermKind.Tag))
        {
            await TagAsync(tag.Slug, tag.Name, tag.Line, ct);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>A term's slug as WordPress wrote it (decoded), or for a WXR 1.0 term given by name alone, the name in lower case.</summary>
    private static string CategoryKey(string slug, string name) =>
        Decode(slug) is { Length: > 0 } decoded ? decoded : Slug.From(WebUtility.HtmlDecode(name)) is { Length: > 0 } fromName ? fromName : name.Trim().ToLowerInvariant();

    private static string Decode(string slug)
    {
        try
        {
            return Uri.UnescapeDataString(slug.Trim());
        }
        catch (UriFormatException)
        {
            return slug.Trim();
        }
    }

    private async Task AuthorAsync(string login, string? displayName, CancellationToken ct)
    {
        if (_authorsByLogin.ContainsKey(login))
        {
            return;
        }
        var name = CleanText.Line(WebUtility.HtmlDecode(displayName ?? "")) is { Length: > 0 } display ? display : login;
        name = name.Length > 120 ? name[..120] : name;
        Author? author = null;
        if (Imported(ImportedItem.Kinds.Author).TryGetValue(login, out var id))
        {
            author = await db.Authors.SingleOrDefaultAsync(a => a.Id == id, ct);
        }
        var slug = Slug.From(name) is { Length: > 0 } fromName ? fromName : Slug.From(login) is { Length: > 0 } fromLogin ? fromLogin : "author";
        author ??= await db.Authors.SingleOrDefaultAsync(a => a.Slug == slug, ct);
        if (author is null)
        {
            author = new Author { Name = name, Slug = slug };
            db.Authors.Add(author);
            await db.SaveChangesAsync(ct);
            _report.Of(ImportedItem.Kinds.Author).Imported++;
        }
        else
        {
            author.Name = name;
            _report.Of(ImportedItem.Kinds.Author).Updated++;
        }
        Remember(ImportedItem.Kinds.Author, login, author.Id);
        // WordPress's author archive is /author/LOGIN/.
        if (Slug.From(login) is { Length: > 0 } oldSlug && oldSlug != author.Slug)
        {
            await UrlRedirect.RememberAsync(db, new UrlRedirect { OldPath = $"author/{oldSlug}", AuthorId = author.Id, CreatedAt = Now }, $"author/{author.Slug}", ct);
        }
        _authorsByLogin[login] = (author.Id, author.Name, author.Slug);
    }

    private async Task SectionAsync(string key, string name, string? parentKey, int line, CancellationToken ct)
    {
        var parentSlug = parentKey is null ? null : await SectionSlugAsync(parentKey, ct);
        if (Imported(ImportedItem.Kinds.Category).TryGetValue(key, out var id) && await db.Sections.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } existing)
        {
            Know(existing);
            _report.Of(ImportedItem.Kinds.Category).Updated++;
            return;
        }
        var slug = Slug.From(key) is { Length: > 0 } s ? s : Slug.From(name) is { Length: > 0 } n ? n : "section";
        if (_sectionsBySlug.TryGetValue(slug, out var same) && same.ParentId == (parentSlug is null ? null : _sectionsBySlug[parentSlug].Id))
        {
            // A section of that name is already there (the site's own, or an earlier import's): the category joins it.
            Remember(ImportedItem.Kinds.Category, key, same.Id);
            _report.Of(ImportedItem.Kinds.Category).Updated++;
            await CategoryRedirectAsync(key, parentKey, same, ct);
            return;
        }
        var unique = slug;
        for (var i = 2; _takenArticleSlugs.Contains(unique) || SitePaths.IsReservedTopLevel(unique); i++)
        {
            unique = $"{slug}-{i}";
        }
        name = name.Length == 0 ? key : name.Length > 120 ? name[..120] : name;
        switch (await sections.CreateAsync(new SectionInput { Name = name, Slug = unique, Parent = parentSlug }, ct))
        {
            case Infrastructure.Problems.Saved<Section> saved:
                Know(saved.Value);
                _takenArticleSlugs.Add(saved.Value.Slug);
                Remember(ImportedItem.Kinds.Category, key, saved.Value.Id);
                _report.Of(ImportedItem.Kinds.Category).Imported++;
                await CategoryRedirectAsync(key, parentKey, saved.Value, ct);
                break;
            case Infrastructure.Problems.Invalid<Section> invalid:
                _report.Fail(ImportedItem.Kinds.Category, line, $"category '{name}' not imported: {string.Join(' ', invalid.Errors.SelectMany(e => e.Value))}");
                break;
        }
    }

    /// <summary>WordPress's category archive: /category/PARENT/CHILD/ (and its feed under it, which the section redirect carries).</summary>
    private async Task CategoryRedirectAsync(string key, string? parentKey, Section section, CancellationToken ct)
    {
        var trail = new List<string> { key.ToLowerInvariant() };
        for (var parent = parentKey; parent is not null && trail.Count < 50; parent = _categoryParents.GetValueOrDefault(parent))
        {
            trail.Insert(0, parent.ToLowerInvariant());
        }
        var oldPath = "category/" + string.Join('/', trail.Where(t => t.Length > 0 && !t.Contains('/')));
        await UrlRedirect.RememberAsync(db, new UrlRedirect { OldPath = oldPath, SectionId = section.Id, CreatedAt = Now }, section.Path, ct);
    }

    private async Task<string?> SectionSlugAsync(string categoryKey, CancellationToken ct)
    {
        if (!Imported(ImportedItem.Kinds.Category).TryGetValue(categoryKey, out var id))
        {
            return null;
        }
        var section = _sectionsById.GetValueOrDefault(id) ?? await db.Sections.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return section?.Slug;
    }

    private async Task<(int Id, string Name, string Slug)?> TagAsync(string slug, string name, int line, CancellationToken ct)
    {
        name = CleanText.Line(WebUtility.HtmlDecode(name));
        var key = CategoryKey(slug, name);
        if (Imported(ImportedItem.Kinds.Tag).TryGetValue(key, out var known) && _tagsById.TryGetValue(known, out var seen))
        {
            return seen;
        }
        var ourSlug = Slug.From(key) is { Length: > 0 } s ? s : Slug.From(name);
        if (ourSlug.Length == 0 || name.Length == 0)
        {
            _report.Skip(ImportedItem.Kinds.Tag, line, $"tag '{name}' skipped: it has no name a URL can be made of");
            return null;
        }
        if (_tagsBySlug.TryGetValue(ourSlug, out var existing))
        {
            _report.Of(ImportedItem.Kinds.Tag).Updated++;
        }
        else
        {
            var tag = new Tag { Name = name.Length > 120 ? name[..120] : name, Slug = ourSlug };
            db.Tags.Add(tag);
            await db.SaveChangesAsync(ct);
            existing = Know((tag.Id, tag.Name, tag.Slug));
            _report.Of(ImportedItem.Kinds.Tag).Imported++;
        }
        Remember(ImportedItem.Kinds.Tag, key, existing.Id);
        // WordPress's tag archive: /tag/SLUG/, the slug as WordPress made it (non-ASCII letters kept).
        var oldSlug = Decode(slug).ToLowerInvariant();
        if (oldSlug.Length > 0 && oldSlug != existing.Slug && !oldSlug.Contains('/'))
        {
            await UrlRedirect.RememberAsync(db, new UrlRedirect { OldPath = $"tag/{oldSlug}", TagId = existing.Id, CreatedAt = Now }, $"tag/{existing.Slug}", ct);
        }
        return existing;
    }

    /// <summary>A comment's text worked out ahead of the write.</summary>
    private sealed record PreparedComment(string Text, string Html, string Fingerprint, string? IpHash);

    /// <summary>A post's or page's body converted from WordPress's HTML and rendered, its excerpt as text, its comments' texts.</summary>
    private sealed record PreparedItem(string Body, RenderedMarkdown Rendered, string? Excerpt, IReadOnlyDictionary<long, PreparedComment> Comments);

    /// <summary>
    /// A batch with everything that needs no database worked out: done off the writing thread, so it must not touch the
    /// report or the context; what it finds is carried here and counted when the batch is written.
    /// </summary>
    private sealed class PreparedBatch(List<WxrItem> items)
    {
        public List<WxrItem> Items { get; } = items;
        public Dictionary<WxrItem, PreparedItem> Prepared { get; } = new(ReferenceEqualityComparer.Instance);
        public List<PreparedAttachment> Attachments { get; } = [];
        public List<string> UnknownShortcodes { get; } = [];
        public List<long> LateMedia { get; } = [];
    }

    /// <summary>An attachment: its address, and its picture in the library (<see cref="Stored"/>: its files just written, its row not yet), or why not.</summary>
    private sealed record PreparedAttachment(WxrItem Item, WordPressAttachment? Attachment, MediaItem? Picture, bool Stored, string? Problem);

    private async Task<PreparedBatch> PrepareAsync(List<WxrItem> items, CancellationToken ct)
    {
        var batch = new PreparedBatch(items);
        foreach (var item in items.Where(i => i.Type == "attachment"))
        {
            batch.Attachments.Add(await AttachmentAsync(item, ct));
        }
        foreach (var item in items.Where(i => i.Type is "post" or "page"))
        {
            var converted = WordPressHtml.Convert(item.Content, item.Id, _attachments);
            batch.UnknownShortcodes.AddRange(converted.UnknownShortcodes);
            if (converted.HasGallery)
            {
                _galleries.Add(item);
            }
            var body = LocalPictures(converted.Body, out var late);
            if (late)
            {
                batch.LateMedia.Add(item.Id);
            }
            var comments = new Dictionary<long, PreparedComment>();
            foreach (var comment in item.Comments)
            {
                var text = Text(comment.Content);
                comments[comment.Id] = new PreparedComment(text, CommentText.ToHtml(text), CommentText.Fingerprint(text), comment.Ip is { } ip ? keys.IpHash(ip) : null);
            }
            batch.Prepared[item] = new PreparedItem(body, pictures.Place(markdown.Render(body), _localByKey), Text(item.Excerpt) is { Length: > 0 } excerpt ? excerpt : null, comments);
        }
        return batch;
    }

    private async Task<PreparedAttachment> AttachmentAsync(WxrItem item, CancellationToken ct)
    {
        if (item.AttachmentUrl is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return new PreparedAttachment(item, null, null, false, null);
        }
        var caption = Text(item.Excerpt) is { Length: > 0 } excerpt ? excerpt : null;
        var attachment = new WordPressAttachment(item.Id, item.Parent, url, item.Meta.GetValueOrDefault("_wp_attachment_image_alt"), caption);
        _attachments[item.Id] = attachment;
        if (!_media.Any)
        {
            return new PreparedAttachment(item, attachment, null, false, null);
        }
        MediaItem? picture = null;
        string? problem = null;
        var stored = false;
        if (_previousMedia.TryGetValue(item.Id, out var before))
        {
            picture = before;
        }
        else if (await files.ReadAsync(_media, url, item.Meta.GetValueOrDefault("_wp_attached_file"), library.MaxBytes, ct) is var file && file.Bytes is null)
        {
            problem = file.Problem;
        }
        else if (library.Read(file.Bytes) is ReadImage image)
        {
            var fileName = Path.GetFileName(address.AbsolutePath);
            var alt = CleanText.Line(WebUtility.HtmlDecode(attachment.Alt ?? "")) is { Length: > 0 } given ? given
                : caption ?? (CleanText.Line(WebUtility.HtmlDecode(item.Title)) is { Length: > 0 } title ? title : Path.GetFileNameWithoutExtension(fileName));
            picture = await library.SaveFilesAsync(image, fileName, new MediaDetails(alt, caption, null), null, ct);
            stored = true;
        }
        else
        {
            problem = "it is not a picture the media library takes (JPEG, PNG, WebP, GIF)";
        }
        if (picture is not null)
        {
            _localByPath[PicturePath(url)] = picture;
            _localByKey[picture.Key] = picture;
        }
        return new PreparedAttachment(item, attachment, picture, stored, problem);
    }

    private static long? FeaturedAttachment(WxrItem item) =>
        item.Meta.GetValueOrDefault("_thumbnail_id") is { } value && long.TryParse(value, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>
    /// A body with every src and href of a picture brought into the library pointing at its copy here (the largest
    /// variant; the page then gives it all its sizes). <paramref name="late"/>: it names an uploaded file not brought in
    /// yet, whose attachment may come later in the file.
    /// </summary>
    private string LocalPictures(string body, out bool late)
    {
        var missing = false;
        var result = !body.Contains("/wp-content/uploads/", StringComparison.OrdinalIgnoreCase) ? body : AddressAttribute().Replace(body, match =>
        {
            var url = WebUtility.HtmlDecode(match.Groups["url"].Value);
            if (_localByPath.TryGetValue(PicturePath(url), out var picture))
            {
                return $"{match.Groups["name"].Value}=\"{store.UrlOf($"{picture.Key}-{picture.WidthList.Max()}.{picture.Format}")}\"";
            }
            missing |= AttachmentFiles.UploadsPath(url) is not null;
            return match.Value;
        });
        late = missing && _media.Any;
        return result;
    }

    /// <summary>An address's path without WordPress's size suffix: ".../quay-300x200.jpg" and ".../quay.jpg" are one picture.</summary>
    private static string PicturePath(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', '#')[0];
        return SizeSuffix().Replace(Decode(path), "${extension}");
    }

    [GeneratedRegex(@"\b(?<name>src|href)=""(?<url>[^""]*)""", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase)]
    private static partial Regex AddressAttribute();

    [GeneratedRegex(@"-(\d+x\d+|scaled)(?<extension>\.[A-Za-z0-9]+)$", RegexOptions.NonBacktracking)]
    private static partial Regex SizeSuffix();

    private async Task WriteItemsAsync(PreparedBatch batch, CancellationToken ct)
    {
        var items = batch.Items;
        foreach (var name in batch.UnknownShortcodes)
        {
            _report.UnknownShortcodes[name] = _report.UnknownShortcodes.GetValueOrDefault(name) + 1;
        }
        _lateMedia.UnionWith(batch.LateMedia);
        foreach (var attachment in batch.Attachments)
        {
            Attachment(attachment);
        }
        var posts = items.Where(i => i.Type is "post" or "page").ToList();
        foreach (var other in items.Where(i => i.Type is not ("post" or "page" or "attachment")))
        {
            _report.Note(other.Line, $"item {other.Id} skipped: WordPress type '{other.Type}' has no counterpart here");
        }
        // Terms the channel did not list (WXR 1.0 lists few) are made before the batch's transaction.
        foreach (var item in posts)
        {
            if (item.Creator is { } login && !_authorsByLogin.ContainsKey(login))
            {
                await AuthorAsync(login, null, ct);
            }
            foreach (var (taxonomy, slug, name) in item.Terms)
            {
                if (taxonomy == "post_tag")
                {
                    await TagAsync(slug, name, item.Line, ct);
                }
                else if (taxonomy == "category" && !Imported(ImportedItem.Kinds.Category).ContainsKey(CategoryKey(slug, name)))
                {
                    await SectionAsync(CategoryKey(slug, name), WebUtility.HtmlDecode(name), null, item.Line, ct);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var attachment in batch.Attachments.Where(a => a.Picture is not null))
        {
            await RememberPictureAsync(Key(attachment.Item.Id), attachment.Picture!.Id, ct);
        }
        db.ChangeTracker.Clear();

        // Search entries are made here from what was written, in the batch's transaction: no reading back.
        var documents = new List<Search.SearchDocument>();
        var drafts = new List<int>();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var existingArticles = await ExistingAsync<Article>(posts.Where(p => p.Type == "post"), ImportedItem.Kinds.Post,
                ids => db.Articles.Include(a => a.Tags).Include(a => a.Authors).Include(a => a.Section).Where(a => ids.Contains(a.Id)), a => a.Id, ct);
            var existingPages = await ExistingAsync<StaticPage>(posts.Where(p => p.Type == "page"), ImportedItem.Kinds.Page,
                ids => db.StaticPages.Where(p => ids.Contains(p.Id)), p => p.Id, ct);
            var written = new List<(WxrItem Item, Article Article)>();
            var writtenPages = new List<(WxrItem Item, StaticPage Page)>();
            foreach (var item in posts)
            {
                if (item.Type == "page")
                {
                    if (Page(item, batch.Prepared[item], existingPages) is { } page)
                    {
                        writtenPages.Add((item, page));
                    }
                }
                else if (Post(item, batch.Prepared[item], existingArticles) is { } article)
                {
                    written.Add((item, article));
                }
            }
            await db.SaveChangesAsync(ct);
            foreach (var (item, article) in written)
            {
                Remember(ImportedItem.Kinds.Post, Key(item.Id), article.Id);
                db.ArticleRevisions.Add(new ArticleRevision
                {
                    ArticleId = article.Id, Version = article.Version, Title = article.Title, Dek = article.Dek, BodyMarkdown = article.BodyMarkdown,
                    Status = ArticleStatuses.Name(article.Status, article.PublishedAt, Now), SavedAt = Now, SavedBy = SavedBy,
                });
                if (article.Status == ArticleStatus.Draft)
                {
                    drafts.Add(article.Id);
                }
                else
                {
                    documents.Add(Search.SearchDocument.Of(article.Id, article.Title, article.Dek, batch.Prepared[item].Rendered.PlainText,
                        article.Tags.Select(t => t.Name), article.Authors.Select(a => a.Name)));
                }
            }
            foreach (var (item, page) in writtenPages)
            {
                Remember(ImportedItem.Kinds.Page, Key(item.Id), page.Id);
            }
            await RedirectsAsync(written.Select(w => (w.Item.Link, SitePaths.Article(w.Article.Section.Path, w.Article.Slug), new UrlRedirect { OldPath = "", ArticleId = w.Article.Id, CreatedAt = Now }))
                .Concat(writtenPages.Select(w => (w.Item.Link, SitePaths.StaticPage(w.Page.Slug), new UrlRedirect { OldPath = "", PageId = w.Page.Id, CreatedAt = Now }))), ct);
            await CommentsAsync(written, batch, ct);
            await db.SaveChangesAsync(ct);
            await search.WriteAsync(documents, ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        // A post imported again as a draft leaves the index.
        await search.UpdateAsync(drafts, ct);
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<Dictionary<long, T>> ExistingAsync<T>(IEnumerable<WxrItem> items, string kind, Func<List<int>, IQueryable<T>> query, Func<T, int> id,
        CancellationToken ct)
    {
        var known = Imported(kind);
        var wanted = items.Select(i => (i.Id, Local: known.GetValueOrDefault(Key(i.Id)))).Where(p => p.Local > 0).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var locals = wanted.Select(w => w.Local).ToList();
        var found = await query(locals).ToDictionaryAsync(id, ct);
        return wanted.Where(w => found.ContainsKey(w.Local)).ToDictionary(w => w.Id, w => found[w.Local]);
    }

    private void Attachment(PreparedAttachment prepared)
    {
        var item = prepared.Item;
        if (prepared.Attachment is null)
        {
            _report.Skip(ImportedItem.Kinds.Attachment, item.Line, $"attachment {item.Id} skipped: it has no address");
            return;
        }
        if (prepared.Problem is { } problem)
        {
            _report.Note(item.Line, $"attachment {item.Id} keeps its old address: {problem}");
        }
        if (prepared.Stored)
        {
            db.MediaItems.Add(prepared.Picture!);
            _report.Pictures++;
        }
        var counts = _report.Of(ImportedItem.Kinds.Attachment);
        if (Imported(ImportedItem.Kinds.Attachment).ContainsKey(Key(item.Id)))
        {
            counts.Updated++;
        }
        else
        {
            counts.Imported++;
            Remember(ImportedItem.Kinds.Attachment, Key(item.Id), 0);
        }
    }

    /// <summary>An attachment's picture, also where an earlier import (or this one, a moment ago) kept only its address.</summary>
    private async Task RememberPictureAsync(string key, int mediaId, CancellationToken ct)
    {
        var known = Imported(ImportedItem.Kinds.Attachment);
        if (known.GetValueOrDefault(key) == mediaId)
        {
            return;
        }
        known[key] = mediaId;
        var tracked = db.ChangeTracker.Entries<ImportedItem>().FirstOrDefault(e => e.Entity.Kind == ImportedItem.Kinds.Attachment && e.Entity.SourceKey == key);
        if (tracked is not null)
        {
            tracked.Entity.LocalId = mediaId;
            await db.SaveChangesAsync(ct);
        }
        else
        {
            await db.ImportedItems.Where(i => i.Kind == ImportedItem.Kinds.Attachment && i.SourceKey == key)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.LocalId, mediaId), ct);
        }
    }

    private Article? Post(WxrItem item, PreparedItem prepared, Dictionary<long, Article> existing)
    {
        ArticleStatus status;
        var inReview = false;
        switch (item.Status)
        {
            case "publish":
                status = ArticleStatus.Published;
                break;
            case "future":
                status = ArticleStatus.Scheduled;
                break;
            case "draft":
                status = ArticleStatus.Draft;
                break;
            case "pending":
                (status, inReview) = (ArticleStatus.Draft, true);
                break;
            case "private":
                status = ArticleStatus.Draft;
                _report.Note(item.Line, $"post {item.Id} was private: imported as a draft, which only the newsroom sees");
                break;
            default:
                _report.Skip(ImportedItem.Kinds.Post, item.Line, $"post {item.Id} skipped: its status is '{item.Status}'");
                return null;
        }
        var section = SectionOf(item);
        if (section is null)
        {
            _report.Fail(ImportedItem.Kinds.Post, item.Line, $"post {item.Id} not imported: it has no category and there is no '{FallbackSection}' section");
            return null;
        }
        var isNew = !existing.TryGetValue(item.Id, out var article);
        var (body, rendered) = (prepared.Body, prepared.Rendered);
        var date = item.Date ?? Now;
        if (article is null)
        {
            article = new Article { Title = "", Slug = UniqueSlug(item), BodyMarkdown = "", BodyHtml = "", CreatedAt = date };
            db.Articles.Add(article);
        }
        else
        {
            article.Version++;
        }
        article.Title = Title(item);
        article.Dek = prepared.Excerpt is { } dek ? (dek.Length > ArticleInput.DekMaxLength ? dek[..ArticleInput.DekMaxLength] : dek) : null;
        (article.BodyMarkdown, article.BodyHtml, article.WordCount) = (body, rendered.Html, rendered.WordCount);
        article.SectionId = section.Id;
        article.Section = Tracked<Section>(section.Id) ?? Attach(section);
        (article.Status, article.PublishedAt, article.InReview) = (status, status == ArticleStatus.Draft && item.Date is null ? null : date, inReview);
        article.UpdatedAt = item.Modified is { } modified && modified >= date ? modified : date;
        article.Comments.Closed = item.CommentsClosed;
        article.Authors = item.Creator is { } login && _authorsByLogin.TryGetValue(login, out var author) ? [Stub(author, () => new Author { Id = author.Id, Name = author.Name, Slug = author.Slug })] : [];
        // The first category (or Yoast's primary one) is the section; the others stay on the article as tags.
        var tagIds = Imported(ImportedItem.Kinds.Tag);
        var tags = item.Terms.Where(t => t.Taxonomy == "post_tag")
            .Select(t => tagIds.TryGetValue(CategoryKey(t.Slug, t.Name), out var id) && _tagsById.TryGetValue(id, out var tag) ? tag : default)
            .Where(t => t.Id > 0).DistinctBy(t => t.Id).Select(t => Stub(t, () => new Tag { Id = t.Id, Name = t.Name, Slug = t.Slug })).ToList();
        article.Tags = tags;
        if (FeaturedAttachment(item) is { } featured)
        {
            if (Imported(ImportedItem.Kinds.Attachment).GetValueOrDefault(Key(featured)) is > 0 and var pictureId)
            {
                article.FeaturedImageId = pictureId;
            }
            else if (_media.Any)
            {
                _lateFeatured.Add((item.Id, featured));
            }
        }
        article.Pinned = item.Sticky;
        if (isNew)
        {
            _report.Of(ImportedItem.Kinds.Post).Imported++;
        }
        else
        {
            _report.Of(ImportedItem.Kinds.Post).Updated++;
        }
        return article;
    }

    private Section Attach(Section section)
    {
        var stub = new Section { Id = section.Id, Name = section.Name, Slug = section.Slug, Path = section.Path, ParentId = section.ParentId };
        db.Sections.Attach(stub);
        return stub;
    }

    /// <summary>
    /// The entity of that key this batch already tracks, from the identity map: <c>Local</c> would run DetectChanges over
    /// everything tracked at each look (most of an import's time), and nothing here changes between looks.
    /// </summary>
    private T? Tracked<T>(int id) where T : class
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Set<T>().Local.FindEntry(id)?.Entity;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>A byline or tag by id for an article's list: the one this batch already tracks, or a stub attached as it is.</summary>
    private T Stub<T>((int Id, string Name, string Slug) term, Func<T> make) where T : class, Terms.ITerm
    {
        if (Tracked<T>(term.Id) is { } tracked)
        {
            return tracked;
        }
        var stub = make();
        db.Set<T>().Attach(stub);
        return stub;
    }

    private Section? SectionOf(WxrItem item)
    {
        var categories = Imported(ImportedItem.Kinds.Category);
        var primary = item.Meta.GetValueOrDefault("_yoast_wpseo_primary_category") is { } termId && long.TryParse(termId, out var id)
            && _categorySlugsByTermId.TryGetValue(id, out var primaryKey) ? primaryKey : null;
        var keys = item.Terms.Where(t => t.Taxonomy == "category").Select(t => CategoryKey(t.Slug, t.Name)).ToList();
        foreach (var key in primary is null ? keys : keys.Prepend(primary))
        {
            if (categories.TryGetValue(key, out var sectionId) && _sectionsById.TryGetValue(sectionId, out var section))
            {
                return section;
            }
        }
        return _sectionsBySlug.GetValueOrDefault(FallbackSection);
    }

    private static string Title(WxrItem item)
    {
        var title = CleanText.Line(WebUtility.HtmlDecode(item.Title));
        return title.Length == 0 ? UntitledTitle : title.Length > ArticleInput.TitleMaxLength ? title[..ArticleInput.TitleMaxLength] : title;
    }

    /// <summary>The text of a bit of WordPress HTML (an excerpt, a comment): tags gone, entities decoded, paragraphs kept.</summary>
    private string Text(string html)
    {
        if (html.Trim().Length == 0)
        {
            return "";
        }
        if (!html.Contains('<') && !html.Contains('&'))
        {
            return html.Trim();
        }
        var withBreaks = html.Replace("</p>", "</p>\n\n", StringComparison.OrdinalIgnoreCase).Replace("<br", "\n<br", StringComparison.OrdinalIgnoreCase);
        return (_html.ParseDocument("<!DOCTYPE html><body>" + withBreaks).Body?.TextContent ?? "").Trim();
    }

    private string UniqueSlug(WxrItem item)
    {
        var stem = Slug.From(Decode(item.Slug)) is { Length: > 0 } fromName ? fromName
            : Slug.From(WebUtility.HtmlDecode(item.Title)) is { Length: > 0 } fromTitle ? fromTitle
            : $"post-{item.Id}";
        var slug = stem;
        for (var i = 2; _takenArticleSlugs.Contains(slug) || slug == SitePaths.FeedSlug; i++)
        {
            slug = $"{stem}-{i}";
        }
        _takenArticleSlugs.Add(slug);
        return slug;
    }

    private StaticPage? Page(WxrItem item, PreparedItem prepared, Dictionary<long, StaticPage> existing)
    {
        if (item.Status != "publish")
        {
            _report.Skip(ImportedItem.Kinds.Page, item.Line, $"page {item.Id} skipped: its status is '{item.Status}' (pages here are always public)");
            return null;
        }
        var (body, rendered) = (prepared.Body, prepared.Rendered);
        var isNew = !existing.TryGetValue(item.Id, out var page);
        if (page is null)
        {
            var stem = Slug.From(Decode(item.Slug)) is { Length: > 0 } s ? s : Slug.From(WebUtility.HtmlDecode(item.Title)) is { Length: > 0 } t ? t : $"page-{item.Id}";
            var slug = stem;
            for (var i = 2; _takenPageSlugs.Contains(slug) || _takenArticleSlugs.Contains(slug) || SitePaths.IsReservedTopLevel(slug); i++)
            {
                slug = $"{stem}-{i}";
            }
            _takenPageSlugs.Add(slug);
            page = new StaticPage { Title = "", Slug = slug, BodyMarkdown = "", BodyHtml = "", CreatedAt = item.Date ?? Now };
            db.StaticPages.Add(page);
        }
        page.Title = Title(item);
        (page.BodyMarkdown, page.BodyHtml) = (body, rendered.Html);
        page.UpdatedAt = item.Modified ?? item.Date ?? Now;
        _report.Of(ImportedItem.Kinds.Page).Imported += isNew ? 1 : 0;
        _report.Of(ImportedItem.Kinds.Page).Updated += isNew ? 0 : 1;
        return page;
    }

    /// <summary>
    /// Each old permalink (the item's &lt;link&gt;) leads to the new address; one the new address already answers is not
    /// needed. <see cref="UrlRedirect.RememberAsync"/> for a whole batch at once: one delete for all its paths.
    /// </summary>
    private async Task RedirectsAsync(IEnumerable<(string? Link, string NewUrl, UrlRedirect Redirect)> moves, CancellationToken ct)
    {
        var wanted = new Dictionary<string, UrlRedirect>(StringComparer.Ordinal);
        var newPaths = new List<string>();
        foreach (var (link, newUrl, redirect) in moves)
        {
            if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                continue;
            }
            var oldPath = Decode(uri.AbsolutePath).Trim('/');
            if (oldPath.Length == 0 || oldPath.Length > 1000 || oldPath == newUrl.Trim('/') || uri.Query.Length > 0)
            {
                continue;
            }
            redirect.OldPath = oldPath;
            wanted[oldPath] = redirect;
            newPaths.Add(newUrl.Trim('/'));
        }
        if (wanted.Count == 0)
        {
            return;
        }
        var paths = wanted.Keys.Concat(newPaths).ToList();
        await db.UrlRedirects.Where(r => paths.Contains(r.OldPath)).ExecuteDeleteAsync(ct);
        db.UrlRedirects.AddRange(wanted.Values);
    }

    private async Task CommentsAsync(List<(WxrItem Item, Article Article)> written, PreparedBatch batch, CancellationToken ct)
    {
        var known = Imported(ImportedItem.Kinds.Comment);
        var existingIds = written.SelectMany(w => w.Item.Comments).Select(c => known.GetValueOrDefault(Key(c.Id))).Where(id => id > 0).ToList();
        var existing = existingIds.Count == 0 ? [] : await db.Comments.Where(c => existingIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var placed = new List<(Comment Comment, WxrComment Source)>();
        foreach (var (item, article) in written)
        {
            var prepared = batch.Prepared[item].Comments;
            foreach (var source in item.Comments)
            {
                if (source.Type is "pingback" or "trackback")
                {
                    _report.Skip(ImportedItem.Kinds.Comment, item.Line, $"comment {source.Id} on post {item.Id} skipped: {source.Type}s are not kept");
                    continue;
                }
                CommentStatus? status = source.Approved switch
                {
                    "1" or "approve" => CommentStatus.Approved,
                    "0" or "hold" => CommentStatus.Pending,
                    "spam" => CommentStatus.Spam,
                    "trash" or "post-trashed" => CommentStatus.Trash,
                    _ => null,
                };
                if (status is null)
                {
                    _report.Skip(ImportedItem.Kinds.Comment, item.Line, $"comment {source.Id} on post {item.Id} skipped: its state is '{source.Approved}'");
                    continue;
                }
                var text = prepared[source.Id];
                if (text.Text.Length == 0)
                {
                    _report.Skip(ImportedItem.Kinds.Comment, item.Line, $"comment {source.Id} on post {item.Id} skipped: it is empty");
                    continue;
                }
                var isNew = !existing.TryGetValue(known.GetValueOrDefault(Key(source.Id)), out var comment);
                comment ??= new Comment { Name = "", Email = "", Body = "", BodyHtml = "" };
                comment.ArticleId = article.Id;
                comment.Name = Clip(CleanText.Line(WebUtility.HtmlDecode(source.Author)) is { Length: > 0 } name ? name : "Anonymous", CommentForm.NameMaxLength);
                comment.Email = Clip(source.Email ?? "", CommentForm.EmailMaxLength);
                comment.Website = source.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var website) && website.Scheme is "http" or "https"
                    ? Clip(url, CommentForm.WebsiteMaxLength) : null;
                comment.WebsiteDomain = Spam.SpamSignals.WebsiteDomain(comment.Website);
                (comment.Body, comment.BodyHtml, comment.TextHash, comment.IpHash) = (text.Text, text.Html, text.Fingerprint, text.IpHash);
                comment.Status = status.Value;
                comment.CreatedAt = source.Date ?? article.PublishedAt ?? Now;
                if (isNew)
                {
                    _report.Of(ImportedItem.Kinds.Comment).Imported++;
                }
                else
                {
                    _report.Of(ImportedItem.Kinds.Comment).Updated++;
                }
                placed.Add((comment, source));
            }
        }
        await ThreadAsync(placed, ct);
        foreach (var (comment, source) in placed)
        {
            Remember(ImportedItem.Kinds.Comment, Key(source.Id), comment.Id);
        }
    }

    /// <summary>
    /// Replies under their parents (found in this batch or an earlier one; deeper than the site allows beside the deepest),
    /// written a level at a time so that each reply's parent has its id before the reply is inserted, and a new thread's
    /// id (its first comment's own) set for all of them by one statement instead of an update a comment.
    /// </summary>
    private async Task ThreadAsync(List<(Comment Comment, WxrComment Source)> placed, CancellationToken ct)
    {
        var known = Imported(ImportedItem.Kinds.Comment);
        var maxDepth = Math.Max(1, commentOptions.CurrentValue.MaxDepth);
        var byWordPressId = placed.ToDictionary(p => p.Source.Id, p => p.Comment);
        var sources = placed.ToDictionary(p => p.Source.Id, p => p.Source);
        var parentIds = placed.Where(p => p.Source.Parent != 0 && !byWordPressId.ContainsKey(p.Source.Parent))
            .Select(p => known.GetValueOrDefault(Key(p.Source.Parent))).Where(id => id > 0).Distinct().ToList();
        var earlier = parentIds.Count == 0 ? [] : await db.Comments.AsNoTracking().Where(c => parentIds.Contains(c.Id))
            .Select(c => new { c.Id, c.ParentId, c.ThreadId, c.Depth, c.ArticleId }).ToDictionaryAsync(c => c.Id, ct);
        // A comment's level: 0 when its parent is not in this batch (or there is none), else one below its parent's.
        var levels = new Dictionary<long, int>();
        int Level(WxrComment source, int guard)
        {
            if (levels.TryGetValue(source.Id, out var level))
            {
                return level;
            }
            levels[source.Id] = 0;
            level = source.Parent != 0 && guard < 1000 && byWordPressId.TryGetValue(source.Parent, out var parent)
                && parent.ArticleId == byWordPressId[source.Id].ArticleId ? Level(sources[source.Parent], guard + 1) + 1 : 0;
            return levels[source.Id] = level;
        }
        foreach (var p in placed)
        {
            Level(p.Source, 0);
        }
        var newRoots = new List<Comment>();
        foreach (var level in placed.GroupBy(p => levels[p.Source.Id]).OrderBy(g => g.Key))
        {
            foreach (var (comment, source) in level)
            {
                (int Id, int? ParentId, int ThreadId, int Depth)? parent = null;
                // (A parent not written yet is one in a loop of replies: the comment starts a thread of its own.)
                if (level.Key > 0 && byWordPressId[source.Parent] is { Id: > 0 } here)
                {
                    parent = (here.Id, here.ParentId, here.ParentId is null ? here.Id : here.ThreadId, here.Depth);
                }
                else if (source.Parent != 0 && earlier.TryGetValue(known.GetValueOrDefault(Key(source.Parent)), out var before) && before.ArticleId == comment.ArticleId)
                {
                    parent = (before.Id, before.ParentId, before.ThreadId, before.Depth);
                }
                (comment.ParentId, comment.ThreadId, comment.Depth) = parent switch
                {
                    null => (null, comment.Id, 1),
                    { } at when at.Depth >= maxDepth => (at.ParentId, at.ParentId is null ? comment.Id : at.ThreadId, at.Depth),
                    { } at => (at.Id, at.ThreadId, at.Depth + 1),
                };
                if (comment.Id == 0)
                {
                    db.Comments.Add(comment);
                    if (comment.ParentId is null)
                    {
                        newRoots.Add(comment);
                    }
                }
            }
            await db.SaveChangesAsync(ct);
        }
        var rootIds = newRoots.Select(c => c.Id).ToList();
        if (rootIds.Count > 0)
        {
            await db.Comments.Where(c => rootIds.Contains(c.Id)).ExecuteUpdateAsync(set => set.SetProperty(c => c.ThreadId, c => c.Id), ct);
        }
    }

    private static string Clip(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>
    /// Posts and pages whose pictures came later in the file than they did: a [gallery] made again now that its pictures
    /// are known, bodies pointed at the pictures brought in since, featured pictures set; re-indexed.
    /// </summary>
    private async Task PlaceLateAsync(CancellationToken ct)
    {
        var galleries = _galleries.DistinctBy(g => g.Id).ToDictionary(g => g.Id);
        var latePosts = _lateMedia.Where(id => !galleries.ContainsKey(id)).ToList();
        var posts = Imported(ImportedItem.Kinds.Post);
        var pagesDone = Imported(ImportedItem.Kinds.Page);
        string Body(long id, string stored) => LocalPictures(galleries.TryGetValue(id, out var item) ? WordPressHtml.Convert(item.Content, item.Id, _attachments).Body : stored, out _);
        var wanted = galleries.Keys.Concat(latePosts).ToList();
        foreach (var chunk in wanted.Chunk(BatchSize))
        {
            var articleIds = chunk.Select(id => posts.GetValueOrDefault(Key(id))).Where(id => id > 0).ToList();
            var pageIds = chunk.Select(id => pagesDone.GetValueOrDefault(Key(id))).Where(id => id > 0).ToList();
            var articles = await db.Articles.Where(a => articleIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var staticPages = await db.StaticPages.Where(p => pageIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            foreach (var id in chunk)
            {
                if (articles.GetValueOrDefault(posts.GetValueOrDefault(Key(id))) is { } article)
                {
                    var body = Body(id, article.BodyMarkdown);
                    var rendered = await pictures.RenderAsync(body, ct);
                    (article.BodyMarkdown, article.BodyHtml, article.WordCount) = (body, rendered.Html, rendered.WordCount);
                }
                else if (staticPages.GetValueOrDefault(pagesDone.GetValueOrDefault(Key(id))) is { } page)
                {
                    var body = Body(id, page.BodyMarkdown);
                    (page.BodyMarkdown, page.BodyHtml) = (body, (await pictures.RenderAsync(body, ct)).Html);
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await search.UpdateAsync(articleIds, ct);
        }
        var attachments = Imported(ImportedItem.Kinds.Attachment);
        foreach (var (postId, attachmentId) in _lateFeatured)
        {
            if (posts.GetValueOrDefault(Key(postId)) is > 0 and var articleId && attachments.GetValueOrDefault(Key(attachmentId)) is > 0 and var pictureId)
            {
                await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(set => set.SetProperty(a => a.FeaturedImageId, pictureId), ct);
            }
        }
    }
}
