using Ganss.Xss;
using Markdig;

namespace Broadsheet.Articles;

/// <summary>
/// Markdown (CommonMark plus tables, footnotes, autolinks) to HTML that can carry no script: Markdig renders,
/// HtmlSanitizer removes anything executable. Called once per saved revision, never per request.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseFootnotes()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public RenderedMarkdown Render(string markdown)
    {
        var html = _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        var words = Markdown.ToPlainText(markdown, Pipeline)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return new RenderedMarkdown(html, words);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        return sanitizer;
    }
}

public sealed record RenderedMarkdown(string Html, int WordCount);
