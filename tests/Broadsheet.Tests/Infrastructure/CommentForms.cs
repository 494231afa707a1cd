using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Posting comments the way readers do: the real form with its antiforgery token, or the public API.</summary>
public static class CommentForms
{
    /// <summary>Opens the article page, fills in the comment form and submits it with the token the page carried.</summary>
    public static async Task<HttpResponseMessage> SubmitCommentAsync(this HttpClient reader, string pagePath, IDictionary<string, string> fields)
    {
        var page = await HtmlPage.GetAsync(reader, pagePath);
        var form = page.QuerySelector("#commentform") ?? throw new InvalidOperationException($"{pagePath} has no comment form");
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Where(i => i.GetAttribute("name") is not null)
            .ToDictionary(i => i.GetAttribute("name") ?? "", i => i.GetAttribute("value") ?? "");
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        return await reader.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    public static Dictionary<string, string> Fields(string comment = "A fair point about the minister's statement.", string? name = null, string? email = null) => new()
    {
        ["comment"] = comment,
        ["name"] = name ?? "Ada Byrne",
        ["email"] = email ?? $"{Guid.NewGuid():N}@example.org",
    };

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public static string FieldError(this IDocument page, string field) => page.QuerySelector($".field-error[data-for={field}]").Text();

    /// <summary>Posts through the public API; returns the status and the answer's JSON.</summary>
    public static async Task<(int Status, JsonElement Body)> PostCommentAsync(this HttpClient client, int articleId, object fields)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/articles/{articleId}/comments", fields);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static object Comment(string? email = null, string comment = "Thank you for this report.", int? parentId = null, string name = "Ada Byrne") =>
        new { comment, name, email = email ?? $"{Guid.NewGuid():N}@example.org", parentId };
}
