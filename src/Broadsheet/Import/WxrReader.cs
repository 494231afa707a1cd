using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Broadsheet.Import;

/// <summary>One thing a WordPress export holds, with the line it starts on.</summary>
public abstract record WxrEntry(int Line);

/// <summary>The channel's own facts: the site's title, address and language, and the export's version.</summary>
public sealed record WxrSite(int Line, string? Title, string? Link, string? Language, string? Version) : WxrEntry(Line);

public sealed record WxrAuthor(int Line, long? Id, string Login, string? Email, string? DisplayName) : WxrEntry(Line);

public enum WxrTermKind
{
    Category,
    Tag,
}

/// <param name="Parent">The parent category's slug (nicename), for nesting.</param>
public sealed record WxrTerm(int Line, WxrTermKind Kind, long? Id, string Slug, string Name, string? Parent, string? Description) : WxrEntry(Line);

/// <param name="Approved">"1", "0", "spam", "trash" (or "post-trashed").</param>
public sealed record WxrComment(long Id, long Parent, string Author, string? Email, string? Url, string? Ip, DateTime? Date,
    string Content, string Approved, string? Type);

/// <param name="Terms">The item's categories and tags as (taxonomy, slug, name): "category", "post_tag", or another taxonomy.</param>
public sealed record WxrItem(int Line, long Id, string Type, string Status, string Title, string? Link, string Slug, DateTime? Date,
    DateTime? Modified, string? Creator, string Content, string Excerpt, long Parent, bool Sticky, bool CommentsClosed, string? AttachmentUrl,
    IReadOnlyList<(string Taxonomy, string Slug, string Name)> Terms, IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<WxrComment> Comments) : WxrEntry(Line);

/// <summary>
/// Reads a WordPress eXtended RSS export (1.0, 1.1, 1.2) as it streams: one item (or author, category, tag) in
/// memory at a time, whatever the file's size. No DTD and no external entity is ever loaded. A malformed file
/// throws <see cref="XmlException"/> with its line when the reader gets there; what came before has been read.
/// </summary>
public static class WxrReader
{
    private const string WordPressNamespace = "http://wordpress.org/export/";
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Exports often carry control characters copied from word processors; WordPress itself reads them.
        CheckCharacters = false,
        CloseInput = false,
    };

    public static IEnumerable<WxrEntry> Read(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        var lines = (IXmlLineInfo)reader;
        reader.MoveToContent();
        if (reader.LocalName != "rss")
        {
            throw new XmlException($"This is not a WordPress export: the file starts with <{reader.Name}>, not <rss>.", null, lines.LineNumber, lines.LinePosition);
        }
        string? title = null, link = null, language = null, version = null;
        var siteLine = 0;
        var siteSent = false;
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2)
            {
                reader.Read();
                continue;
            }
            var line = lines.LineNumber;
            var ns = reader.NamespaceURI;
            var name = reader.LocalName;
            if (ns.Length == 0 && name is "title" or "link" or "language")
            {
                siteLine = siteLine == 0 ? line : siteLine;
                var value = reader.ReadElementContentAsString().Trim();
                (title, link, language) = name switch
                {
                    "title" => (value, link, language),
                    "link" => (title, value, language),
                    _ => (title, link, value),
                };
                continue;
            }
            if (IsWordPress(ns) && name == "wxr_version")
            {
                version = reader.ReadElementContentAsString().Trim();
                continue;
            }
            if (!(ns.Length == 0 && name == "item") && !(IsWordPress(ns) && name is "author" or "category" or "tag" or "term"))
            {
                reader.Skip();
                continue;
            }
            var element = (XElement)XNode.ReadFrom(reader);
            if (!siteSent)
            {
                siteSent = true;
                yield return new WxrSite(siteLine, title, link, language, version);
            }
            if (Parse(element, line) is { } entry)
            {
                yield return entry;
            }
        }
        if (!siteSent)
        {
            yield return new WxrSite(siteLine, title, link, language, version);
        }
    }

    private static bool IsWordPress(string ns) => ns.StartsWith(WordPressNamespace, StringComparison.Ordinal) && !ns.EndsWith("/excerpt/", StringComparison.Ordinal);

    private static WxrEntry? Parse(XElement element, int line) => element.Name.LocalName switch
    {
        "author" => new WxrAuthor(line, Number(Wp(element, "author_id")), Wp(element, "author_login") ?? "", Wp(element, "author_email"),
            Wp(element, "author_display_name")),
        "category" => new WxrTerm(line, WxrTermKind.Category, Number(Wp(element, "term_id")), Wp(element, "category_nicename") ?? "",
            Wp(element, "cat_name") ?? "", Empty(Wp(element, "category_parent")), Wp(element, "category_description")),
        "tag" => new WxrTerm(line, WxrTermKind.Tag, Number(Wp(element, "term_id")), Wp(element, "tag_slug") ?? "", Wp(element, "tag_name") ?? "",
            null, Wp(element, "tag_description")),
        "term" => Wp(element, "term_taxonomy") switch
        {
            "category" => new WxrTerm(line, WxrTermKind.Category, Number(Wp(element, "term_id")), Wp(element, "term_slug") ?? "",
                Wp(element, "term_name") ?? "", Empty(Wp(element, "term_parent")), Wp(element, "term_description")),
            "post_tag" => new WxrTerm(line, WxrTermKind.Tag, Number(Wp(element, "term_id")), Wp(element, "term_slug") ?? "",
                Wp(element, "term_name") ?? "", null, Wp(element, "term_description")),
            _ => null,
        },
        _ => Item(element, line),
    };

    private static WxrItem Item(XElement item, int line)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in item.Elements().Where(e => IsWordPress(e.Name.NamespaceName) && e.Name.LocalName == "postmeta"))
        {
            if (Wp(pair, "meta_key") is { Length: > 0 } key)
            {
                meta[key] = Wp(pair, "meta_value") ?? "";
            }
        }
        var terms = item.Elements("category")
            .Select(c => ((string?)c.Attribute("domain") ?? "category", (string?)c.Attribute("nicename") ?? "", c.Value.Trim()))
            .Where(t => t.Item3.Length > 0 || t.Item2.Length > 0)
            .Select(t => (t.Item1 == "tag" ? "post_tag" : t.Item1, t.Item2, t.Item3)).ToList();
        var comments = item.Elements().Where(e => IsWordPress(e.Name.NamespaceName) && e.Name.LocalName == "comment").Select(c => new WxrComment(
            Number(Wp(c, "comment_id")) ?? 0, Number(Wp(c, "comment_parent")) ?? 0, Wp(c, "comment_author") ?? "", Empty(Wp(c, "comment_author_email")),
            Empty(Wp(c, "comment_author_url")), Empty(Wp(c, "comment_author_IP")), Date(Wp(c, "comment_date_gmt")) ?? Date(Wp(c, "comment_date")),
            Wp(c, "comment_content") ?? "", Wp(c, "comment_approved") ?? "1", Empty(Wp(c, "comment_type")))).ToList();
        return new WxrItem(
            line, Number(Wp(item, "post_id")) ?? 0, Wp(item, "post_type") ?? "post", Wp(item, "status") ?? "publish",
            ((string?)item.Element("title") ?? "").Trim(), Empty(((string?)item.Element("link"))?.Trim()), Wp(item, "post_name") ?? "",
            Date(Wp(item, "post_date_gmt")) ?? Date(Wp(item, "post_date")), Date(Wp(item, "post_modified_gmt")) ?? Date(Wp(item, "post_modified")),
            Empty((string?)item.Element(XName.Get("creator", DublinCore))), (string?)item.Element(XName.Get("encoded", ContentNamespace)) ?? "",
            item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && e.Name.NamespaceName.EndsWith("/excerpt/", StringComparison.Ordinal))?.Value ?? "",
            Number(Wp(item, "post_parent")) ?? 0, Wp(item, "is_sticky") == "1", Wp(item, "comment_status") == "closed", Empty(Wp(item, "attachment_url")), terms, meta, comments);
    }

    private static string? Wp(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name && IsWordPress(e.Name.NamespaceName))?.Value;

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static long? Number(string? value) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>WordPress writes "2024-07-01 09:30:00" (and "0000-00-00 00:00:00" for none).</summary>
    private static DateTime? Date(string? value) =>
        DateTime.TryParseExact(value?.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;
}
