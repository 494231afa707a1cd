using System.Globalization;
using System.Text.Json.Nodes;

namespace Broadsheet.WordPressApi;

/// <summary>
/// A collection's query parameters read as WordPress reads them: lists as "1,2", "ids=1&amp;ids=2" or "ids[]=1",
/// dates as ISO 8601 (without an offset, in the site's time zone), and every mistake kept under its parameter's name
/// for WordPress's own 400 answer (<see cref="WordPressResponses.InvalidParams"/>), which its clients understand.
/// </summary>
public sealed class WordPressArgs(IQueryCollection query, TimeZoneInfo zone)
{
    public const int MaxPerPage = 100;

    public Dictionary<string, string> Errors { get; } = [];

    public int Page => Number("page", 1, 1, int.MaxValue);

    public int PerPage => Number("per_page", 10, 1, MaxPerPage);

    public int Offset => Number("offset", 0, 0, int.MaxValue);

    public string? Search => Values("search").FirstOrDefault() is { Length: > 0 } text ? text : null;

    public int Number(string name, int fallback, int min, int max)
    {
        if (Values(name).FirstOrDefault() is not { Length: > 0 } text)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Errors[name] = max == int.MaxValue
            ? $"{name} must be greater than or equal to {min}"
            : $"{name} must be between {min} (inclusive) and {max} (inclusive)";
        return fallback;
    }

    /// <summary>Ids from every form WordPress accepts; null when the parameter is absent.</summary>
    public List<int>? Ids(string name)
    {
        var texts = Strings(name);
        if (texts is null)
        {
            return null;
        }
        var ids = new List<int>();
        foreach (var text in texts)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                Errors[name] = $"{name}[{ids.Count}] is not of type integer.";
            }
        }
        return ids;
    }

    public List<string>? Strings(string name)
    {
        var values = Values(name).Concat(Values(name + "[]")).ToList();
        return values.Count == 0 ? null : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    /// <summary>One of <paramref name="allowed"/>, or <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        if (Values(name).FirstOrDefault() is not { Length: > 0 } text)
        {
            return fallback;
        }
        if (allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }
        Errors[name] = $"{name} is not one of {string.Join(", ", allowed)}.";
        return fallback;
    }

    public bool? Bool(string name)
    {
        switch (Values(name).FirstOrDefault()?.ToLowerInvariant())
        {
            case null or "":
                return null;
            case "1" or "true":
                return true;
            case "0" or "false":
                return false;
            default:
                Errors[name] = $"{name} is not of type boolean.";
                return null;
        }
    }

    /// <summary>A moment as UTC; without an offset the time is the site's, as WordPress takes it.</summary>
    public DateTime? Date(string name)
    {
        if (Values(name).FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text[19..].Contains('+')) || (text.Length > 19 && text[19..].Contains('-'));
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            return moment.UtcDateTime;
        }
        if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && local.Year is > 1 and < 9999)
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        }
        Errors[name] = "Invalid date.";
        return null;
    }

    /// <summary>The fields <c>_fields</c> asks for (top level or dotted paths), or null for all.</summary>
    public string[]? Fields => Strings("_fields") is { Count: > 0 } fields ? [.. fields] : null;

    /// <summary>Which links to embed: null for none, empty for all (<c>_embed</c> or <c>_embed=1</c>), else the rels named.</summary>
    public string[]? Embed
    {
        get
        {
            if (!query.ContainsKey("_embed"))
            {
                return null;
            }
            var rels = Strings("_embed") ?? [];
            return rels.Count == 0 || rels is ["1"] or ["true"] ? [] : [.. rels];
        }
    }

    private IEnumerable<string> Values(string name) =>
        query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!.Trim()) : [];
}

/// <summary>The JSON answers: WordPress's error shape, its paging headers, <c>_fields</c>.</summary>
public static class WordPressResponses
{
    public static IResult Error(int status, string code, string message, JsonObject? extra = null)
    {
        var data = new JsonObject { ["status"] = status };
        foreach (var (key, value) in extra ?? [])
        {
            data[key] = value?.DeepClone();
        }
        return Json(new JsonObject { ["code"] = code, ["message"] = message, ["data"] = data }, status);
    }

    public static IResult InvalidParams(Dictionary<string, string> errors)
    {
        var parameters = new JsonObject();
        foreach (var (name, message) in errors)
        {
            parameters[name] = message;
        }
        return Error(400, "rest_invalid_param", "Invalid parameter(s): " + string.Join(", ", errors.Keys), new JsonObject { ["params"] = parameters });
    }

    public static IResult NotFound(string code, string message) => Error(404, code, message);

    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json; charset=UTF-8", statusCode: status);

    /// <summary>One page of a collection with X-WP-Total, X-WP-TotalPages and Link (prev, next) as WordPress sends them.</summary>
    public static IResult Page(HttpContext http, IEnumerable<JsonObject> items, int total, int page, int perPage, string[]? fields)
    {
        var pages = (int)Math.Ceiling(total / (double)perPage);
        var headers = http.Response.Headers;
        headers["X-WP-Total"] = total.ToString(CultureInfo.InvariantCulture);
        headers["X-WP-TotalPages"] = pages.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (page > 1)
        {
            links.Add($"<{PageUrl(http, Math.Min(page - 1, Math.Max(pages, 1)))}>; rel=\"prev\"");
        }
        if (page < pages)
        {
            links.Add($"<{PageUrl(http, page + 1)}>; rel=\"next\"");
        }
        if (links.Count > 0)
        {
            headers.Link = string.Join(", ", links);
        }
        return Json(new JsonArray([.. items.Select(i => (JsonNode)Only(i, fields))]));
    }

    public static IResult One(JsonObject item, string[]? fields) => Json(Only(item, fields));

    /// <summary>What <c>_fields</c> keeps: the named members, and of a member named by a dotted path only that part.</summary>
    public static JsonObject Only(JsonObject item, string[]? fields)
    {
        if (fields is null)
        {
            return item;
        }
        var kept = new JsonObject();
        foreach (var (key, value) in item)
        {
            if (fields.Contains(key, StringComparer.Ordinal))
            {
                kept[key] = value?.DeepClone();
            }
            else if (value is JsonObject child && fields.Where(f => f.StartsWith(key + ".", StringComparison.Ordinal)).Select(f => f[(key.Length + 1)..]).ToArray() is { Length: > 0 } nested)
            {
                kept[key] = Only(child, nested);
            }
        }
        return kept;
    }

    private static string PageUrl(HttpContext http, int page)
    {
        var query = http.Request.Query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("page=" + page.ToString(CultureInfo.InvariantCulture));
        return Infrastructure.PublicUrls.Absolute(http.Request, http.Request.Path + "?" + string.Join('&', query));
    }
}
