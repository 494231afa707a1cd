using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>Fetches a page and parses it with AngleSharp, as a browser would see the markup.</summary>
public static class HtmlPage
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetAsync(HttpClient client, string path, int expectedStatus = 200)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {path}: expected {expectedStatus}, got {(int)response.StatusCode}");
        return await Parser.ParseDocumentAsync(html);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static string Text(this IElement? element) => element?.TextContent.Trim() ?? "";

    public static IReadOnlyList<string> Texts(this IDocument document, string selector) =>
        [.. document.QuerySelectorAll(selector).Select(e => string.Join(' ', e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];
}
