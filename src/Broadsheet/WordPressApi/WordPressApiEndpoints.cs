using System.Text.Json.Nodes;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Media;
using Broadsheet.Search;
using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.WordPressApi;

/// <summary>
/// The read side of WordPress's REST API v2 under /wp-json/, so that WordPress clients, apps and headless front-ends
/// read a Broadsheet site unchanged: the index clients discover routes from, and posts (articles), pages, categories
/// (sections), tags, users (bylines), comments and media, each a collection and an item. Only what readers may see:
/// public articles, approved comments, the bylines and pictures of public articles. Decision 0023.
/// </summary>
public static class WordPressApiEndpoints
{
    public const string Root = "/wp-json";

    /// <summary>The rel WordPress clients find the API root by, in a page's Link header and &lt;link&gt;.</summary>
    public const string ApiRel = "https://api.w.org/";

    private static readonly string[] PostArgs =
        ["context", "page", "per_page", "search", "after", "modified_after", "author", "author_exclude", "before", "modified_before", "exclude", "include",
         "offset", "order", "orderby", "slug", "status", "categories", "categories_exclude", "tags", "tags_exclude", "sticky", "_fields", "_embed"];

    private static readonly string[] PageArgs = ["context", "page", "per_page", "search", "after", "before", "exclude", "include", "offset", "order", "orderby", "slug", "status", "parent", "_fields", "_embed"];
    private static readonly string[] TermArgs = ["context", "page", "per_page", "search", "exclude", "include", "order", "orderby", "hide_empty", "post", "slug", "_fields"];
    private static readonly string[] CategoryArgs = [.. TermArgs, "parent"];
    private static readonly string[] UserArgs = ["context", "page", "per_page", "search", "exclude", "include", "offset", "order", "orderby", "slug", "_fields"];
    private static readonly string[] CommentArgs = ["context", "page", "per_page", "search", "after", "before", "exclude", "include", "offset", "order", "orderby", "parent", "post", "status", "type", "_fields", "_embed"];
    private static readonly string[] MediaArgs = ["context", "page", "per_page", "search", "after", "before", "exclude", "include", "offset", "order", "orderby", "parent", "slug", "media_type", "_fields"];
    private static readonly string[] ItemArgs = ["context", "_fields", "_embed"];

    private static readonly (string Route, string[] Args)[] Routes =
    [
        ("/posts", PostArgs), ("/posts/(?P<id>[\\d]+)", ItemArgs), ("/pages", PageArgs), ("/pages/(?P<id>[\\d]+)", ItemArgs),
        ("/media", MediaArgs), ("/media/(?P<id>[\\d]+)", ItemArgs), ("/categories", CategoryArgs), ("/categories/(?P<id>[\\d]+)", ItemArgs),
        ("/tags", TermArgs), ("/tags/(?P<id>[\\d]+)", ItemArgs), ("/users", UserArgs), ("/users/(?P<id>[\\d]+)", ItemArgs),
        ("/comments", CommentArgs), ("/comments/(?P<id>[\\d]+)", ItemArgs),
    ];

    public static IEndpointRouteBuilder MapWordPressApi(this IEndpointRouteBuilder app)
    {
        var wp = app.MapGroup(Root).WithTags("WordPress REST API").ExcludeFromDescription();
        wp.MapGet("/", Index);
        wp.MapGet("/wp/v2", NamespaceIndex);
        wp.MapGet("/wp/v2/posts", Posts);
        wp.MapGet("/wp/v2/posts/{id:int}", Post);
        wp.MapGet("/wp/v2/pages", Pages);
        wp.MapGet("/wp/v2/pages/{id:int}", Page);
        wp.MapGet("/wp/v2/categories", Categories);
        wp.MapGet("/wp/v2/categories/{id:int}", Category);
        wp.MapGet("/wp/v2/tags", Tags);
        wp.MapGet("/wp/v2/tags/{id:int}", Tag);
        wp.MapGet("/wp/v2/users", Users);
        wp.MapGet("/wp/v2/users/{id:int}", User);
        wp.MapGet("/wp/v2/comments", Comments);
        wp.MapGet("/wp/v2/comments/{id:int}", Comment);
        wp.MapGet("/wp/v2/media", MediaList);
        wp.MapGet("/wp/v2/media/{id:int}", MediaItem);
        wp.Map("/{**rest}", (HttpContext http) => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? WordPressResponses.NotFound("rest_no_route", "No route was found matching the URL and request method.")
            : WordPressResponses.Error(405, "rest_no_route", "This site's WordPress API is read-only: use /api/v1 to write."));
        return app;
    }

    /// <summary>Every public page names the API root, as WordPress's pages do: what <c>WPAPI.discover(url)</c> looks for.</summary>
    public static IApplicationBuilder UseWordPressApiDiscovery(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) && Caching.PublicPage.MayBe(http.Request.Path))
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
                {
                    http.Response.Headers.Append("Link", $"<{http.Request.Absolute(Root + "/")}>; rel=\"{ApiRel}\"");
                }
                return Task.CompletedTask;
            });
        }
        return next(http);
    });

    private static IResult Index(HttpContext http, IOptionsMonitor<SiteOptions> site, SiteClock clock, TimeProvider time)
    {
        var options = site.CurrentValue;
        var routes = new JsonObject
        {
            ["/"] = Route(http, "", "/", []),
            ["/wp/v2"] = Route(http, "wp/v2", "/wp/v2", ["namespace", "context"]),
        };
        foreach (var (route, args) in Routes)
        {
            routes["/wp/v2" + route] = Route(http, "wp/v2", "/wp/v2" + route, args);
        }
        return WordPressResponses.Json(new JsonObject
        {
            ["name"] = options.Title,
            ["description"] = options.Tagline ?? "",
            ["url"] = http.Request.Absolute("").TrimEnd('/'),
            ["home"] = http.Request.Absolute("").TrimEnd('/'),
            ["gmt_offset"] = clock.Zone.GetUtcOffset(time.GetUtcNow().UtcDateTime).TotalHours,
            ["timezone_string"] = options.TimeZone,
            ["namespaces"] = new JsonArray("wp/v2"),
            ["authentication"] = new JsonObject(),
            ["routes"] = routes,
            ["_links"] = new JsonObject { ["help"] = new JsonArray(new JsonObject { ["href"] = "https://developer.wordpress.org/rest-api/" }) },
        });
    }

    private static IResult NamespaceIndex(HttpContext http)
    {
        var routes = new JsonObject();
        foreach (var (route, args) in Routes)
        {
            routes["/wp/v2" + route] = Route(http, "wp/v2", "/wp/v2" + route, args);
        }
        return WordPressResponses.Json(new JsonObject { ["namespace"] = "wp/v2", ["routes"] = routes });
    }

    private static JsonObject Route(HttpContext http, string ns, string route, string[] args)
    {
        var argsObject = new JsonObject();
        foreach (var arg in args)
        {
            argsObject[arg] = new JsonObject();
        }
        var value = new JsonObject
        {
            ["namespace"] = ns,
            ["methods"] = new JsonArray("GET"),
            ["endpoints"] = new JsonArray(new JsonObject { ["methods"] = new JsonArray("GET"), ["args"] = argsObject }),
        };
        if (!route.Contains('('))
        {
            value["_links"] = new JsonObject { ["self"] = new JsonArray(new JsonObject { ["href"] = http.Request.Absolute(Root + route) }) };
        }
        return value;
    }

    private static IResult? ContextError(HttpContext http, WordPressArgs args, out bool edit)
    {
        var context = args.Choice("context", "view", "view", "embed", "edit");
        edit = context == "edit";
        return edit && Accounts.Actor.From(http.User) is null
            ? WordPressResponses.Error(401, "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.")
            : null;
    }

    private static WordPressArgs Args(HttpContext http, SiteClock clock) => new(http.Request.Query, clock.Zone);

    private static IQueryable<Article> PublicArticles(BroadsheetDb db, DateTime now) => db.Articles.AsNoTracking().Where(ArticleStatuses.IsPublic(now));

    private static async Task<IResult> Posts(HttpContext http, ListingReads listings, ISearchEngine engine, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        var db = listings.Db;
        var query = PublicArticles(db, now);
        var (page, perPage, offset) = (args.Page, args.PerPage, args.Offset);
        if (args.Ids("include") is { } include)
        {
            query = query.Where(a => include.Contains(a.Id));
        }
        if (args.Ids("exclude") is { } exclude)
        {
            query = query.Where(a => !exclude.Contains(a.Id));
        }
        if (args.Ids("categories") is { } categories)
        {
            query = query.Where(a => categories.Contains(a.SectionId));
        }
        if (args.Ids("categories_exclude") is { } notCategories)
        {
            query = query.Where(a => !notCategories.Contains(a.SectionId));
        }
        if (args.Ids("tags") is { } tags)
        {
            query = query.Where(a => a.Tags.Any(t => tags.Contains(t.Id)));
        }
        if (args.Ids("tags_exclude") is { } notTags)
        {
            query = query.Where(a => !a.Tags.Any(t => notTags.Contains(t.Id)));
        }
        if (args.Ids("author") is { } authors)
        {
            query = query.Where(a => a.Authors.Any(x => authors.Contains(x.Id)));
        }
        if (args.Ids("author_exclude") is { } notAuthors)
        {
            query = query.Where(a => !a.Authors.Any(x => notAuthors.Contains(x.Id)));
        }
        if (args.Strings("slug") is { } slugs)
        {
            query = query.Where(a => slugs.Contains(a.Slug));
        }
        if (args.Date("after") is { } after)
        {
            query = query.Where(a => a.PublishedAt > after);
        }
        if (args.Date("before") is { } before)
        {
            query = query.Where(a => a.PublishedAt < before);
        }
        if (args.Date("modified_after") is { } modifiedAfter)
        {
            query = query.Where(a => a.UpdatedAt > modifiedAfter);
        }
        if (args.Date("modified_before") is { } modifiedBefore)
        {
            query = query.Where(a => a.UpdatedAt < modifiedBefore);
        }
        if (args.Bool("sticky") is { } sticky)
        {
            query = query.Where(a => a.Pinned == sticky);
        }
        if (args.Strings("status") is { } statuses && statuses.Any(s => s != "publish"))
        {
            args.Errors["status"] = "Status is forbidden.";
        }
        var search = args.Search is { } text ? SearchQuery.Parse(text) : null;
        var order = args.Choice("order", "desc", "asc", "desc");
        var orderBy = args.Choice("orderby", search is null ? "date" : "relevance", "author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title");
        if (orderBy == "relevance" && search is null)
        {
            args.Errors["search"] = "You need to define a search term to order by relevance.";
        }
        if (ContextError(http, args, out var edit) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }

        // The page's ids first, then their rows: collections (tags, bylines) cannot be read through a join with the engine's SQL.
        IQueryable<int> ordered;
        if (search is not null)
        {
            var matched = search.IsEmpty
                ? query.Where(a => false).Select(a => new { a.Id, a.PublishedAt, a.UpdatedAt, a.Title, a.Slug, Headline = 0, Score = 0.0 })
                : query.Join(engine.Matches(db, search, now), a => a.Id, m => m.ArticleId, (a, m) => new { a.Id, a.PublishedAt, a.UpdatedAt, a.Title, a.Slug, m.Headline, m.Score });
            ordered = orderBy == "relevance"
                ? matched.OrderByDescending(m => m.Headline).ThenByDescending(m => m.Score).ThenByDescending(m => m.Id).Select(m => m.Id)
                : Order(query.Where(a => matched.Select(m => m.Id).Contains(a.Id)), orderBy, order).Select(a => a.Id);
        }
        else
        {
            ordered = Order(query, orderBy, order).Select(a => a.Id);
        }
        var total = await ordered.CountAsync(ct);
        if (total > 0 && (page - 1) * perPage + offset >= total)
        {
            return WordPressResponses.Error(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");
        }
        var pageIds = await ordered.Skip((page - 1) * perPage + offset).Take(perPage).ToListAsync(ct);
        if (orderBy is "include" && args.Ids("include") is { } includeOrder)
        {
            pageIds = [.. pageIds.OrderBy(includeOrder.IndexOf)];
        }
        var byId = (await PostRows(PublicArticles(db, now).Where(a => pageIds.Contains(a.Id)), ct)).ToDictionary(r => r.Id);
        var rows = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        var items = await PostObjectsAsync(db, shapes, rows, now, edit, args.Embed, ct);
        return WordPressResponses.Page(http, items, total, page, perPage, args.Fields);
    }

    private static IQueryable<Article> Order(IQueryable<Article> query, string orderBy, string order)
    {
        var asc = order == "asc";
        return orderBy switch
        {
            "id" or "include" => asc ? query.OrderBy(a => a.Id) : query.OrderByDescending(a => a.Id),
            "title" => asc ? query.OrderBy(a => a.Title).ThenBy(a => a.Id) : query.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
            "slug" or "include_slugs" => asc ? query.OrderBy(a => a.Slug).ThenBy(a => a.Id) : query.OrderByDescending(a => a.Slug).ThenByDescending(a => a.Id),
            "modified" => asc ? query.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id) : query.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
            _ => asc ? query.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id) : query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
        };
    }

    private static Task<List<WpPostRow>> PostRows(IQueryable<Article> query, CancellationToken ct) =>
        query.Select(a => new WpPostRow(
                a.Id, a.Title, a.Dek, a.BodyHtml, a.BodyMarkdown, a.Slug, a.SectionId, a.Section.Path, a.PublishedAt!.Value, a.UpdatedAt, a.FeaturedImageId,
                a.Comments.Closed, a.Comments.CloseAfterHours, a.Tags.OrderBy(t => t.Name).Select(t => t.Id).ToList(), a.Authors.Select(x => x.Id).ToList(), a.Pinned))
            .AsSplitQuery().ToListAsync(ct);

    /// <summary>The posts' objects, with <c>_embedded</c> author, featured media, terms and replies when <c>_embed</c> asks.</summary>
    private static async Task<List<JsonObject>> PostObjectsAsync(
        BroadsheetDb db, WordPressShapes shapes, List<WpPostRow> rows, DateTime now, bool edit, string[]? embed, CancellationToken ct)
    {
        var items = rows.Select(r => shapes.Post(WithUtc(r), now, edit)).ToList();
        if (embed is null || rows.Count == 0)
        {
            return items;
        }
        bool Wants(string rel) => embed.Length == 0 || embed.Contains(rel, StringComparer.Ordinal);
        var users = Wants("author") ? (await BylinesAsync(db, now, [.. rows.SelectMany(r => r.AuthorIds).Distinct()], ct)).ToDictionary(u => u.Id) : [];
        var media = Wants("wp:featuredmedia")
            ? await MediaQuery(db, now).Where(m => rows.Select(r => r.FeaturedImageId).Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct)
            : [];
        var sections = Wants("wp:term") ? await SectionTermsAsync(db, now, ct) : [];
        var tagIds = rows.SelectMany(r => r.TagIds).Distinct().ToList();
        var tags = Wants("wp:term") ? (await TagTermsAsync(db, now, tagIds, ct)).ToDictionary(t => t.Row.Id) : [];
        var ids = rows.Select(r => r.Id).ToList();
        var replies = Wants("replies")
            ? (await CommentRows(db, PublicComments(db, now).Where(c => ids.Contains(c.ArticleId)).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id), ct)).ToLookup(c => c.ArticleId)
            : null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var embedded = new JsonObject();
            if (Wants("author"))
            {
                embedded["author"] = new JsonArray([.. row.AuthorIds.Where(users.ContainsKey).Take(1).Select(id => (JsonNode)shapes.User(users[id]))]);
            }
            if (row.FeaturedImageId is { } image && media.TryGetValue(image, out var picture))
            {
                embedded["wp:featuredmedia"] = new JsonArray(shapes.Media(picture, row.Id));
            }
            if (Wants("wp:term"))
            {
                embedded["wp:term"] = new JsonArray(
                    new JsonArray([.. sections.Where(s => s.Row.Id == row.SectionId).Select(s => (JsonNode)shapes.Category(s.Row, s.Path))]),
                    new JsonArray([.. row.TagIds.Where(tags.ContainsKey).Select(t => (JsonNode)shapes.Tag(tags[t].Row))]));
            }
            if (replies is not null && replies[row.Id].Any())
            {
                embedded["replies"] = new JsonArray(new JsonArray([.. replies[row.Id].Take(WordPressArgs.MaxPerPage).Select(c => (JsonNode)shapes.Comment(c))]));
            }
            items[i]["_embedded"] = embedded;
        }
        return items;
    }

    private static async Task<IResult> Post(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        if (ContextError(http, args, out var edit) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        var rows = await PostRows(PublicArticles(listings.Db, now).Where(a => a.Id == id), ct);
        if (rows.Count == 0)
        {
            return WordPressResponses.NotFound("rest_post_invalid_id", "Invalid post ID.");
        }
        return WordPressResponses.One((await PostObjectsAsync(listings.Db, shapes, rows, now, edit, args.Embed, ct))[0], args.Fields);
    }

    private static async Task<IResult> Pages(HttpContext http, ListingReads listings, SiteClock clock, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var query = listings.Db.StaticPages.AsNoTracking();
        var (page, perPage, offset) = (args.Page, args.PerPage, args.Offset);
        if (args.Ids("include") is { } include)
        {
            query = query.Where(p => include.Contains(p.Id));
        }
        if (args.Ids("exclude") is { } exclude)
        {
            query = query.Where(p => !exclude.Contains(p.Id));
        }
        if (args.Strings("slug") is { } slugs)
        {
            query = query.Where(p => slugs.Contains(p.Slug));
        }
        if (args.Date("after") is { } after)
        {
            query = query.Where(p => p.CreatedAt > after);
        }
        if (args.Date("before") is { } before)
        {
            query = query.Where(p => p.CreatedAt < before);
        }
        if (args.Ids("parent") is { } parents && parents.Any(p => p != 0))
        {
            query = query.Where(p => false);
        }
        if (args.Search is { } search)
        {
            query = query.Where(p => p.Title.Contains(search) || p.BodyMarkdown.Contains(search));
        }
        if (args.Strings("status") is { } statuses && statuses.Any(s => s != "publish"))
        {
            args.Errors["status"] = "Status is forbidden.";
        }
        var asc = args.Choice("order", "desc", "asc", "desc") == "asc";
        query = args.Choice("orderby", "date", "date", "id", "include", "modified", "menu_order", "relevance", "slug", "title") switch
        {
            "id" or "include" => asc ? query.OrderBy(p => p.Id) : query.OrderByDescending(p => p.Id),
            "title" or "relevance" => asc ? query.OrderBy(p => p.Title) : query.OrderByDescending(p => p.Title),
            "slug" => asc ? query.OrderBy(p => p.Slug) : query.OrderByDescending(p => p.Slug),
            "modified" => asc ? query.OrderBy(p => p.UpdatedAt) : query.OrderByDescending(p => p.UpdatedAt),
            "menu_order" => query.OrderBy(p => p.Title),
            _ => asc ? query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id) : query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };
        if (ContextError(http, args, out var edit) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        var total = await query.CountAsync(ct);
        if (total > 0 && (page - 1) * perPage + offset >= total)
        {
            return WordPressResponses.Error(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");
        }
        var rows = await PageRows(query.Skip((page - 1) * perPage + offset).Take(perPage), ct);
        return WordPressResponses.Page(http, rows.Select(p => shapes.Page(p, edit)), total, page, perPage, args.Fields);
    }

    private static Task<List<WpPageRow>> PageRows(IQueryable<StaticPages.StaticPage> query, CancellationToken ct) =>
        query.Select(p => new WpPageRow(p.Id, p.Title, p.Slug, p.BodyHtml, p.BodyMarkdown, p.CreatedAt, p.UpdatedAt)).ToListAsync(ct);

    private static async Task<IResult> Page(int id, HttpContext http, ListingReads listings, SiteClock clock, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        if (ContextError(http, args, out var edit) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        return (await PageRows(listings.Db.StaticPages.AsNoTracking().Where(p => p.Id == id), ct)).FirstOrDefault() is { } row
            ? WordPressResponses.One(shapes.Page(WithUtc(row), edit), args.Fields)
            : WordPressResponses.NotFound("rest_post_invalid_id", "Invalid post ID.");
    }

    private sealed record TermWithPath(WpTermRow Row, string Path);

    private static async Task<List<TermWithPath>> SectionTermsAsync(BroadsheetDb db, DateTime now, CancellationToken ct)
    {
        var counts = await PublicArticles(db, now).GroupBy(a => a.SectionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var sections = await db.Sections.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.Name, s.Slug, s.ParentId, s.Path }).ToListAsync(ct);
        return [.. sections.Select(s => new TermWithPath(new WpTermRow(s.Id, s.Name, s.Slug, s.ParentId, counts.GetValueOrDefault(s.Id), ""), s.Path))];
    }

    private static async Task<List<TermWithPath>> TagTermsAsync(BroadsheetDb db, DateTime now, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var tags = db.Tags.AsNoTracking();
        if (ids is not null)
        {
            tags = tags.Where(t => ids.Contains(t.Id));
        }
        var counts = await PublicArticles(db, now).SelectMany(a => a.Tags).Where(t => ids == null || ids.Contains(t.Id))
            .GroupBy(t => t.Id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = await tags.OrderBy(t => t.Id).Select(t => new { t.Id, t.Name, t.Slug }).ToListAsync(ct);
        return [.. rows.Select(t => new TermWithPath(new WpTermRow(t.Id, t.Name, t.Slug, null, counts.GetValueOrDefault(t.Id), ""), t.Slug))];
    }

    /// <summary>Bylines of public articles (WordPress lists only users who have published posts), with their article counts.</summary>
    private static async Task<List<WpTermRow>> BylinesAsync(BroadsheetDb db, DateTime now, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var counts = await PublicArticles(db, now).SelectMany(a => a.Authors).Where(x => ids == null || ids.Contains(x.Id))
            .GroupBy(x => x.Id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var keys = counts.Keys.ToList();
        var rows = await db.Authors.AsNoTracking().Where(x => keys.Contains(x.Id)).OrderBy(x => x.Id).Select(x => new { x.Id, x.Name, x.Slug, x.Bio }).ToListAsync(ct);
        return [.. rows.Select(x => new WpTermRow(x.Id, x.Name, x.Slug, null, counts[x.Id], x.Bio ?? ""))];
    }

    private static async Task<IResult> Categories(HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        IEnumerable<TermWithPath> terms = await SectionTermsAsync(listings.Db, now, ct);
        if (args.Ids("parent") is { } parents)
        {
            terms = terms.Where(t => parents.Contains(t.Row.ParentId ?? 0));
        }
        if (args.Ids("post") is { } posts)
        {
            var sectionIds = await PublicArticles(listings.Db, now).Where(a => posts.Contains(a.Id)).Select(a => a.SectionId).ToListAsync(ct);
            terms = terms.Where(t => sectionIds.Contains(t.Row.Id));
        }
        return TermsPage(http, args, terms, t => shapes.Category(t.Row, t.Path));
    }

    private static async Task<IResult> Category(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        return (await SectionTermsAsync(listings.Db, time.GetUtcNow().UtcDateTime, ct)).FirstOrDefault(s => s.Row.Id == id) is { } s
            ? WordPressResponses.One(shapes.Category(s.Row, s.Path), args.Fields)
            : WordPressResponses.NotFound("rest_term_invalid", "Term does not exist.");
    }

    private static async Task<IResult> Tags(HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        IEnumerable<TermWithPath> terms = await TagTermsAsync(listings.Db, now, null, ct);
        if (args.Ids("post") is { } posts)
        {
            var tagIds = await PublicArticles(listings.Db, now).Where(a => posts.Contains(a.Id)).SelectMany(a => a.Tags).Select(t => t.Id).ToListAsync(ct);
            terms = terms.Where(t => tagIds.Contains(t.Row.Id));
        }
        return TermsPage(http, args, terms, t => shapes.Tag(t.Row));
    }

    private static async Task<IResult> Tag(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        return (await TagTermsAsync(listings.Db, time.GetUtcNow().UtcDateTime, [id], ct)).FirstOrDefault() is { } t
            ? WordPressResponses.One(shapes.Tag(t.Row), args.Fields)
            : WordPressResponses.NotFound("rest_term_invalid", "Term does not exist.");
    }

    /// <summary>
    /// Terms are few enough to page in memory: filters (<c>include</c>, <c>exclude</c>, <c>slug</c>, <c>search</c>,
    /// <c>hide_empty</c>), WordPress's orders (name ascending by default), <c>offset</c> and paging.
    /// </summary>
    private static IResult TermsPage(HttpContext http, WordPressArgs args, IEnumerable<TermWithPath> all, Func<TermWithPath, JsonObject> shape)
    {
        var (page, perPage, offset) = (args.Page, args.PerPage, args.Offset);
        var include = args.Ids("include");
        var exclude = args.Ids("exclude");
        var slugs = args.Strings("slug");
        var search = args.Search;
        var hideEmpty = args.Bool("hide_empty") == true;
        var asc = args.Choice("order", "asc", "asc", "desc") == "asc";
        var orderBy = args.Choice("orderby", "name", "id", "include", "name", "slug", "include_slugs", "term_group", "description", "count");
        if (ContextError(http, args, out _) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        var terms = all
            .Where(t => include is null || include.Contains(t.Row.Id)).Where(t => exclude is null || !exclude.Contains(t.Row.Id))
            .Where(t => slugs is null || slugs.Contains(t.Row.Slug)).Where(t => !hideEmpty || t.Row.Count > 0)
            .Where(t => search is null || t.Row.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || t.Row.Slug.Contains(search, StringComparison.OrdinalIgnoreCase));
        var list = (orderBy switch
        {
            "id" => asc ? terms.OrderBy(t => t.Row.Id) : terms.OrderByDescending(t => t.Row.Id),
            "include" => terms.OrderBy(t => include?.IndexOf(t.Row.Id) ?? t.Row.Id),
            "slug" or "include_slugs" => asc ? terms.OrderBy(t => t.Row.Slug, StringComparer.Ordinal) : terms.OrderByDescending(t => t.Row.Slug, StringComparer.Ordinal),
            "count" => asc ? terms.OrderBy(t => t.Row.Count).ThenBy(t => t.Row.Id) : terms.OrderByDescending(t => t.Row.Count).ThenByDescending(t => t.Row.Id),
            _ => asc ? terms.OrderBy(t => t.Row.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Row.Id) : terms.OrderByDescending(t => t.Row.Name, StringComparer.OrdinalIgnoreCase).ThenByDescending(t => t.Row.Id),
        }).ToList();
        return WordPressResponses.Page(http, list.Skip((page - 1) * perPage + offset).Take(perPage).Select(shape), list.Count, page, perPage, args.Fields);
    }

    private static async Task<IResult> Users(HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        if (args.Strings("roles") is not null || args.Strings("who") is not null)
        {
            return WordPressResponses.Error(400, "rest_user_cannot_view", "Sorry, you are not allowed to filter users by role.");
        }
        var bylines = await BylinesAsync(listings.Db, time.GetUtcNow().UtcDateTime, null, ct);
        return TermsPage(http, args, bylines.Select(b => new TermWithPath(b, b.Slug)), t => shapes.User(t.Row));
    }

    private static async Task<IResult> User(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        return (await BylinesAsync(listings.Db, time.GetUtcNow().UtcDateTime, [id], ct)).FirstOrDefault() is { } byline
            ? WordPressResponses.One(shapes.User(byline), args.Fields)
            : WordPressResponses.NotFound("rest_user_invalid_id", "Invalid user ID.");
    }

    private static IQueryable<Comment> PublicComments(BroadsheetDb db, DateTime now) =>
        db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Approved)
            .Where(c => db.Articles.Where(ArticleStatuses.IsPublic(now)).Any(a => a.Id == c.ArticleId));

    /// <summary>The comments in the query's order, each with its article's path for its link.</summary>
    private static async Task<List<WpCommentRow>> CommentRows(BroadsheetDb db, IQueryable<Comment> query, CancellationToken ct)
    {
        var comments = await query.Select(c => new { c.Id, c.ArticleId, c.ParentId, c.Name, c.Email, c.Website, c.BodyHtml, c.CreatedAt }).ToListAsync(ct);
        var ids = comments.Select(c => c.ArticleId).Distinct().ToList();
        var paths = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, SectionPath = a.Section.Path, a.Slug }).ToDictionaryAsync(a => a.Id, ct);
        return [.. comments.Select(c => new WpCommentRow(
            c.Id, c.ArticleId, c.ParentId, c.Name, c.Email, c.Website, c.BodyHtml, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), paths[c.ArticleId].SectionPath, paths[c.ArticleId].Slug))];
    }

    private static async Task<IResult> Comments(HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        var db = listings.Db;
        var query = PublicComments(db, now);
        var (page, perPage, offset) = (args.Page, args.PerPage, args.Offset);
        if (args.Ids("include") is { } include)
        {
            query = query.Where(c => include.Contains(c.Id));
        }
        if (args.Ids("exclude") is { } exclude)
        {
            query = query.Where(c => !exclude.Contains(c.Id));
        }
        if (args.Ids("post") is { } posts)
        {
            query = query.Where(c => posts.Contains(c.ArticleId));
        }
        if (args.Ids("parent") is { } parents)
        {
            query = query.Where(c => parents.Contains(c.ParentId ?? 0));
        }
        if (args.Ids("parent_exclude") is { } notParents)
        {
            query = query.Where(c => !notParents.Contains(c.ParentId ?? 0));
        }
        if (args.Date("after") is { } after)
        {
            query = query.Where(c => c.CreatedAt > after);
        }
        if (args.Date("before") is { } before)
        {
            query = query.Where(c => c.CreatedAt < before);
        }
        if (args.Search is { } search)
        {
            query = query.Where(c => c.Body.Contains(search) || c.Name.Contains(search));
        }
        if (args.Strings("status") is { } statuses && statuses.Any(s => s is not ("approve" or "approved")))
        {
            args.Errors["status"] = "Query parameter not permitted: status";
        }
        if (args.Strings("type") is { } types && types.Any(t => t != "comment"))
        {
            query = query.Where(c => false);
        }
        var asc = args.Choice("order", "desc", "asc", "desc") == "asc";
        query = args.Choice("orderby", "date_gmt", "date", "date_gmt", "id", "include", "post", "parent", "type") switch
        {
            "id" or "include" => asc ? query.OrderBy(c => c.Id) : query.OrderByDescending(c => c.Id),
            "post" => asc ? query.OrderBy(c => c.ArticleId).ThenBy(c => c.Id) : query.OrderByDescending(c => c.ArticleId).ThenByDescending(c => c.Id),
            "parent" => asc ? query.OrderBy(c => c.ParentId).ThenBy(c => c.Id) : query.OrderByDescending(c => c.ParentId).ThenByDescending(c => c.Id),
            _ => asc ? query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id) : query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        };
        if (ContextError(http, args, out _) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        var total = await query.CountAsync(ct);
        var rows = await CommentRows(db, query.Skip((page - 1) * perPage + offset).Take(perPage), ct);
        return WordPressResponses.Page(http, rows.Select(shapes.Comment), total, page, perPage, args.Fields);
    }

    private static async Task<IResult> Comment(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        return (await CommentRows(listings.Db, PublicComments(listings.Db, time.GetUtcNow().UtcDateTime).Where(c => c.Id == id), ct)).FirstOrDefault() is { } row
            ? WordPressResponses.One(shapes.Comment(row), args.Fields)
            : WordPressResponses.NotFound("rest_comment_invalid_id", "Invalid comment ID.");
    }

    /// <summary>The pictures readers can already see: the featured and social images of public articles.</summary>
    private static IQueryable<MediaItem> MediaQuery(BroadsheetDb db, DateTime now) =>
        db.MediaItems.AsNoTracking().Where(m => db.Articles.Where(ArticleStatuses.IsPublic(now)).Any(a => a.FeaturedImageId == m.Id || a.SocialImageId == m.Id));

    private static async Task<IResult> MediaList(HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        var db = listings.Db;
        var query = MediaQuery(db, now);
        var (page, perPage, offset) = (args.Page, args.PerPage, args.Offset);
        if (args.Ids("include") is { } include)
        {
            query = query.Where(m => include.Contains(m.Id));
        }
        if (args.Ids("exclude") is { } exclude)
        {
            query = query.Where(m => !exclude.Contains(m.Id));
        }
        if (args.Ids("parent") is { } parents)
        {
            query = query.Where(m => db.Articles.Any(a => parents.Contains(a.Id) && a.FeaturedImageId == m.Id));
        }
        if (args.Strings("slug") is { } slugs)
        {
            var slug = slugs[0];
            query = query.Where(m => m.Key == slug || m.Key.EndsWith("/" + slug));
        }
        if (args.Date("after") is { } after)
        {
            query = query.Where(m => m.UploadedAt > after);
        }
        if (args.Date("before") is { } before)
        {
            query = query.Where(m => m.UploadedAt < before);
        }
        if (args.Search is { } search)
        {
            query = query.Where(m => m.Alt.Contains(search) || (m.Caption != null && m.Caption.Contains(search)) || m.OriginalName.Contains(search));
        }
        if (args.Choice("media_type", "image", "image", "video", "text", "application", "audio") != "image")
        {
            query = query.Where(m => false);
        }
        var asc = args.Choice("order", "desc", "asc", "desc") == "asc";
        query = args.Choice("orderby", "date", "date", "id", "include", "modified", "slug", "title", "relevance") switch
        {
            "id" or "include" => asc ? query.OrderBy(m => m.Id) : query.OrderByDescending(m => m.Id),
            "slug" or "title" => asc ? query.OrderBy(m => m.Key) : query.OrderByDescending(m => m.Key),
            _ => asc ? query.OrderBy(m => m.UploadedAt).ThenBy(m => m.Id) : query.OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id),
        };
        if (ContextError(http, args, out _) is { } forbidden)
        {
            return forbidden;
        }
        if (args.Errors.Count > 0)
        {
            return WordPressResponses.InvalidParams(args.Errors);
        }
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * perPage + offset).Take(perPage).ToListAsync(ct);
        var ids = items.Select(m => (int?)m.Id).ToList();
        var posts = await PublicArticles(db, now).Where(a => ids.Contains(a.FeaturedImageId)).Select(a => new { a.Id, a.FeaturedImageId }).ToListAsync(ct);
        return WordPressResponses.Page(http, items.Select(m => shapes.Media(WithUtc(m), posts.FirstOrDefault(p => p.FeaturedImageId == m.Id)?.Id)), total, page, perPage, args.Fields);
    }

    private static async Task<IResult> MediaItem(int id, HttpContext http, ListingReads listings, SiteClock clock, TimeProvider time, WordPressShapes shapes, CancellationToken ct)
    {
        var args = Args(http, clock);
        var now = time.GetUtcNow().UtcDateTime;
        if (await MediaQuery(listings.Db, now).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return WordPressResponses.NotFound("rest_post_invalid_id", "Invalid post ID.");
        }
        var post = await PublicArticles(listings.Db, now).Where(a => a.FeaturedImageId == id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        return WordPressResponses.One(shapes.Media(WithUtc(item), post), args.Fields);
    }

    private static WpPostRow WithUtc(WpPostRow r) => r with { PublishedAt = Utc(r.PublishedAt), UpdatedAt = Utc(r.UpdatedAt) };

    private static WpPageRow WithUtc(WpPageRow r) => r with { CreatedAt = Utc(r.CreatedAt), UpdatedAt = Utc(r.UpdatedAt) };

    private static MediaItem WithUtc(MediaItem m)
    {
        m.UploadedAt = Utc(m.UploadedAt);
        return m;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
