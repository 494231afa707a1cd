using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Media;
using Broadsheet.Site;

namespace Broadsheet.WordPressApi;

/// <summary>An article as the posts endpoint reads it.</summary>
public sealed record WpPostRow(
    int Id, string Title, string? Dek, string BodyHtml, string BodyMarkdown, string Slug, int SectionId, string SectionPath,
    DateTime PublishedAt, DateTime UpdatedAt, int? FeaturedImageId, bool CommentsClosed, int? CloseAfterHours, List<int> TagIds, List<int> AuthorIds, bool Pinned);

public sealed record WpPageRow(int Id, string Title, string Slug, string BodyHtml, string BodyMarkdown, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record WpTermRow(int Id, string Name, string Slug, int? ParentId, int Count, string Description);

public sealed record WpCommentRow(int Id, int ArticleId, int? ParentId, string Name, string Email, string? Website, string BodyHtml, DateTime CreatedAt, string SectionPath, string Slug);

/// <summary>
/// Broadsheet's articles, pages, sections, tags, bylines, comments and pictures in WordPress REST API v2's shapes
/// (view context): WordPress's field names, <c>{"rendered": …}</c> objects, local and GMT dates without an offset,
/// and <c>_links</c> with the rels WordPress clients follow and embed.
/// </summary>
public sealed class WordPressShapes(HttpContext http, SiteClock clock, IMediaStore store, SiteKeys keys)
{
    public const string Namespace = "wp/v2";

    public string Api(string route) => http.Request.Absolute("/wp-json/" + Namespace + route);

    public JsonObject Post(WpPostRow a, DateTime now, bool edit)
    {
        var open = !a.CommentsClosed && (a.CloseAfterHours is not { } hours || a.PublishedAt.AddHours(hours) > now);
        var post = new JsonObject
        {
            ["id"] = a.Id,
            ["date"] = Local(a.PublishedAt),
            ["date_gmt"] = Gmt(a.PublishedAt),
            ["guid"] = Rendered(http.Request.Absolute($"/?p={a.Id}")),
            ["modified"] = Local(a.UpdatedAt),
            ["modified_gmt"] = Gmt(a.UpdatedAt),
            ["slug"] = a.Slug,
            ["status"] = "publish",
            ["type"] = "post",
            ["link"] = http.Request.Absolute(SitePaths.Article(a.SectionPath, a.Slug)),
            ["title"] = Rendered(WebUtility.HtmlEncode(a.Title), edit ? a.Title : null),
            ["content"] = Rendered(PublicUrls.AbsoluteLinks(a.BodyHtml, http), edit ? a.BodyMarkdown : null, isProtected: false),
            ["excerpt"] = Rendered(Excerpt(a.Dek, a.BodyMarkdown), edit ? a.Dek ?? "" : null, isProtected: false),
            ["author"] = a.AuthorIds.Count > 0 ? a.AuthorIds[0] : 0,
            ["featured_media"] = a.FeaturedImageId ?? 0,
            ["comment_status"] = open ? "open" : "closed",
            ["ping_status"] = "closed",
            ["sticky"] = a.Pinned,
            ["template"] = "",
            ["format"] = "standard",
            ["meta"] = new JsonArray(),
            ["categories"] = new JsonArray(a.SectionId),
            ["tags"] = new JsonArray([.. a.TagIds.Select(t => (JsonNode)t)]),
        };
        var links = Links($"/posts/{a.Id}", "/posts", "/types/post");
        links["author"] = new JsonArray([.. a.AuthorIds.Select(id => (JsonNode)Link(Api($"/users/{id}"), embeddable: true))]);
        links["replies"] = new JsonArray(Link(Api($"/comments?post={a.Id}"), embeddable: true));
        if (a.FeaturedImageId is { } image)
        {
            links["wp:featuredmedia"] = new JsonArray(Link(Api($"/media/{image}"), embeddable: true));
        }
        links["wp:attachment"] = new JsonArray(Link(Api($"/media?parent={a.Id}")));
        links["wp:term"] = new JsonArray(Term("category", $"/categories?post={a.Id}"), Term("post_tag", $"/tags?post={a.Id}"));
        post["_links"] = links;
        return post;
    }

    public JsonObject Page(WpPageRow p, bool edit)
    {
        var page = new JsonObject
        {
            ["id"] = p.Id,
            ["date"] = Local(p.CreatedAt),
            ["date_gmt"] = Gmt(p.CreatedAt),
            ["guid"] = Rendered(http.Request.Absolute($"/?page_id={p.Id}")),
            ["modified"] = Local(p.UpdatedAt),
            ["modified_gmt"] = Gmt(p.UpdatedAt),
            ["slug"] = p.Slug,
            ["status"] = "publish",
            ["type"] = "page",
            ["link"] = http.Request.Absolute(SitePaths.StaticPage(p.Slug)),
            ["title"] = Rendered(WebUtility.HtmlEncode(p.Title), edit ? p.Title : null),
            ["content"] = Rendered(PublicUrls.AbsoluteLinks(p.BodyHtml, http), edit ? p.BodyMarkdown : null, isProtected: false),
            ["excerpt"] = Rendered(Excerpt(null, p.BodyMarkdown), edit ? "" : null, isProtected: false),
            ["author"] = 0,
            ["featured_media"] = 0,
            ["parent"] = 0,
            ["menu_order"] = 0,
            ["comment_status"] = "closed",
            ["ping_status"] = "closed",
            ["template"] = "",
            ["meta"] = new JsonArray(),
        };
        page["_links"] = Links($"/pages/{p.Id}", "/pages", "/types/page");
        return page;
    }

    public JsonObject Category(WpTermRow t, string sectionPath) => TermObject(t, "category", "/categories", SitePaths.Section(sectionPath), withParent: true);

    public JsonObject Tag(WpTermRow t) => TermObject(t, "post_tag", "/tags", SitePaths.Tag(t.Slug), withParent: false);

    public JsonObject User(WpTermRow byline)
    {
        var avatar = http.Request.Absolute($"/avatars/{keys.AvatarKey("byline:" + byline.Slug)}.svg");
        var user = new JsonObject
        {
            ["id"] = byline.Id,
            ["name"] = byline.Name,
            ["url"] = "",
            ["description"] = byline.Description,
            ["link"] = http.Request.Absolute(SitePaths.Author(byline.Slug)),
            ["slug"] = byline.Slug,
            ["avatar_urls"] = new JsonObject { ["24"] = avatar, ["48"] = avatar, ["96"] = avatar },
            ["meta"] = new JsonArray(),
        };
        user["_links"] = Links($"/users/{byline.Id}", "/users", null);
        return user;
    }

    public JsonObject Comment(WpCommentRow c)
    {
        var avatar = http.Request.Absolute($"/avatars/{keys.AvatarKey(c.Email)}.svg");
        var comment = new JsonObject
        {
            ["id"] = c.Id,
            ["post"] = c.ArticleId,
            ["parent"] = c.ParentId ?? 0,
            ["author"] = 0,
            ["author_name"] = c.Name,
            ["author_url"] = c.Website ?? "",
            ["date"] = Local(c.CreatedAt),
            ["date_gmt"] = Gmt(c.CreatedAt),
            ["content"] = Rendered(c.BodyHtml),
            ["link"] = http.Request.Absolute(SitePaths.Article(c.SectionPath, c.Slug)) + $"#comment-{c.Id}",
            ["status"] = "approved",
            ["type"] = "comment",
            ["author_avatar_urls"] = new JsonObject { ["24"] = avatar, ["48"] = avatar, ["96"] = avatar },
            ["meta"] = new JsonArray(),
        };
        var links = Links($"/comments/{c.Id}", "/comments", null);
        links["up"] = new JsonArray(new JsonObject { ["embeddable"] = true, ["post_type"] = "post", ["href"] = Api($"/posts/{c.ArticleId}") });
        if (c.ParentId is { } parent)
        {
            links["in-reply-to"] = new JsonArray(Link(Api($"/comments/{parent}"), embeddable: true));
        }
        comment["_links"] = links;
        return comment;
    }

    public JsonObject Media(MediaItem m, int? postId)
    {
        var image = ResponsiveImage.From(m, store);
        var mime = m.Format switch { "png" => "image/png", "webp" => "image/webp", "gif" => "image/gif", _ => "image/jpeg" };
        var sizes = new JsonObject();
        foreach (var width in m.Widths.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)))
        {
            var file = $"{m.Key}-{width}.{m.Format}";
            sizes[width == image.Width ? "full" : $"w{width}"] = new JsonObject
            {
                ["file"] = file,
                ["width"] = width,
                ["height"] = (int)Math.Round(m.Height * (double)width / m.Width),
                ["mime_type"] = mime,
                ["source_url"] = Discovery.StructuredData.Absolute(http.Request, store.UrlOf(file)),
            };
        }
        var source = Discovery.StructuredData.Absolute(http.Request, image.LargestUrl);
        var media = new JsonObject
        {
            ["id"] = m.Id,
            ["date"] = Local(m.UploadedAt),
            ["date_gmt"] = Gmt(m.UploadedAt),
            ["guid"] = Rendered(source),
            ["modified"] = Local(m.UploadedAt),
            ["modified_gmt"] = Gmt(m.UploadedAt),
            ["slug"] = Slug(m),
            ["status"] = "inherit",
            ["type"] = "attachment",
            ["link"] = source,
            ["title"] = Rendered(WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(m.OriginalName))),
            ["author"] = 0,
            ["comment_status"] = "closed",
            ["ping_status"] = "closed",
            ["template"] = "",
            ["meta"] = new JsonArray(),
            ["description"] = Rendered(""),
            ["caption"] = Rendered(m.Caption is { Length: > 0 } caption ? $"<p>{WebUtility.HtmlEncode(caption)}</p>\n" : ""),
            ["alt_text"] = m.Alt,
            ["media_type"] = "image",
            ["mime_type"] = mime,
            ["media_details"] = new JsonObject { ["width"] = image.Width, ["height"] = image.Height, ["file"] = $"{m.Key}-{image.Width}.{m.Format}", ["sizes"] = sizes },
            ["post"] = postId,
            ["source_url"] = source,
        };
        media["_links"] = Links($"/media/{m.Id}", "/media", "/types/attachment");
        return media;
    }

    /// <summary>A picture's slug: its stored name without the year and month folders.</summary>
    public static string Slug(MediaItem m) => m.Key[(m.Key.LastIndexOf('/') + 1)..];

    /// <summary>WordPress's excerpt: the dek, else the body's first 55 words and " […]".</summary>
    private static string Excerpt(string? dek, string bodyMarkdown)
    {
        if (dek is { Length: > 0 })
        {
            return $"<p>{WebUtility.HtmlEncode(dek)}</p>\n";
        }
        var words = Articles.MarkdownRenderer.PlainText(bodyMarkdown).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? "" : $"<p>{WebUtility.HtmlEncode(string.Join(' ', words.Take(55)))}{(words.Length > 55 ? " [&hellip;]" : "")}</p>\n";
    }

    private JsonObject TermObject(WpTermRow t, string taxonomy, string collection, string path, bool withParent)
    {
        var term = new JsonObject
        {
            ["id"] = t.Id,
            ["count"] = t.Count,
            ["description"] = t.Description,
            ["link"] = http.Request.Absolute(path),
            ["name"] = t.Name,
            ["slug"] = t.Slug,
            ["taxonomy"] = taxonomy,
        };
        if (withParent)
        {
            term["parent"] = t.ParentId ?? 0;
        }
        term["meta"] = new JsonArray();
        var links = Links($"{collection}/{t.Id}", collection, $"/taxonomies/{taxonomy}");
        links["wp:post_type"] = new JsonArray(Link(Api($"/posts?{(taxonomy == "category" ? "categories" : "tags")}={t.Id}")));
        if (withParent && t.ParentId is { } parent)
        {
            links["up"] = new JsonArray(Link(Api($"{collection}/{parent}"), embeddable: true));
        }
        term["_links"] = links;
        return term;
    }

    private JsonObject Links(string self, string collection, string? about)
    {
        var links = new JsonObject
        {
            ["self"] = new JsonArray(Link(Api(self))),
            ["collection"] = new JsonArray(Link(Api(collection))),
        };
        if (about is not null)
        {
            links["about"] = new JsonArray(Link(Api(about)));
        }
        links["curies"] = new JsonArray(new JsonObject { ["name"] = "wp", ["href"] = "https://api.w.org/{rel}", ["templated"] = true });
        return links;
    }

    private JsonObject Term(string taxonomy, string route) => new() { ["taxonomy"] = taxonomy, ["embeddable"] = true, ["href"] = Api(route) };

    private static JsonObject Link(string href, bool embeddable = false) =>
        embeddable ? new JsonObject { ["embeddable"] = true, ["href"] = href } : new JsonObject { ["href"] = href };

    private static JsonObject Rendered(string rendered, string? raw = null, bool? isProtected = null)
    {
        var value = new JsonObject();
        if (raw is not null)
        {
            value["raw"] = raw;
        }
        value["rendered"] = rendered;
        if (isProtected is { } p)
        {
            value["protected"] = p;
        }
        return value;
    }

    private string Local(DateTime utc) => clock.Local(utc).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static string Gmt(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}
