using Ganss.Xss;
using Markdig;

namespace Broadsheet.Articles;

/// <summary>
/// Markdown (CommonMark plus tables, footnotes, autolinks) to HTML that can carry no script: Markdig renders,
/// HtmlSanitizer removes anything executable. Called once per saved revision, never per request.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseFootnotes()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>
    /// The words a reader sees, without markup: what search indexes and word counts count. Markdig's plain text drops
    /// raw HTML with its words, so a body holding HTML (an imported WordPress post is all HTML) is rendered and its
    /// text taken instead.
    /// </summary>
    public static string PlainText(string markdown) =>
        markdown.Contains('<', StringComparison.Ordinal)
            ? new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<!DOCTYPE html><body>" + Markdown.ToHtml(markdown, Pipeline)).Body?.TextContent ?? ""
            : Markdown.ToPlainText(markdown, Pipeline);

    public RenderedMarkdown Render(string markdown)
    {
        var html = _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        var text = PlainText(markdown);
        return new RenderedMarkdown(html, text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, text);
    }

    /// <summary>
    /// Forms and their controls could ask a reader for a password on the site's own page, and styles or ids and
    /// classes could dress a body up as the site's own chrome (or clobber names scripts look up): none is kept.
    /// The only ids and classes kept are the ones Markdig gives footnotes, so that their links still work.
    /// </summary>
    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.ExceptWith(["form", "input", "button", "textarea", "select", "option", "optgroup", "label",
            "fieldset", "legend", "datalist", "output", "style"]);
        sanitizer.AllowedAttributes.ExceptWith(["style", "id", "class", "name", "form", "formaction"]);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedAttributes.UnionWith(["id", "class"]);
        // Sound and video (imported WordPress [audio] and [video], or written by hand) play with the browser's own controls.
        sanitizer.AllowedTags.UnionWith(["audio", "video", "source"]);
        sanitizer.AllowedAttributes.UnionWith(["controls", "preload", "poster"]);
        sanitizer.UriAttributes.Add("poster");
        // A table column's alignment (Markdig writes it as a style, which the policy would block) becomes a class.
        sanitizer.RemovingAttribute += (_, e) =>
        {
            if (e.Attribute.Name == "style" && e.Tag.LocalName is "th" or "td"
                && TableAlignment().Match(e.Attribute.Value) is { Success: true } alignment)
            {
                e.Tag.SetAttribute("data-align", alignment.Groups[1].Value.ToLowerInvariant());
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement element)
            {
                if (element.Id is { } id && !FootnoteId().IsMatch(id))
                {
                    element.RemoveAttribute("id");
                }
                if (element.GetAttribute("class") is { } classes && classes is not ("footnotes" or "footnote-ref" or "footnote-back-ref"))
                {
                    element.RemoveAttribute("class");
                }
                if (element.GetAttribute("data-align") is { } align)
                {
                    element.RemoveAttribute("data-align");
                    element.SetAttribute("class", "align-" + align);
                }
                // The policy lets pictures and media come from https sites only: an http one is asked for over https.
                foreach (var name in new[] { "src", "poster" })
                {
                    if (element.GetAttribute(name) is { } source && source.TrimStart().StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        element.SetAttribute(name, "https://" + source.TrimStart()[7..]);
                    }
                }
                if (element.HasAttribute("srcset"))
                {
                    element.RemoveAttribute("srcset");
                }
            }
        };
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        return sanitizer;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*text-align:\s*(left|center|right)\s*;?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial System.Text.RegularExpressions.Regex TableAlignment();

    [System.Text.RegularExpressions.GeneratedRegex(@"^fn(ref)?:\d{1,4}$", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial System.Text.RegularExpressions.Regex FootnoteId();
}

/// <param name="PlainText">The words a reader sees (<see cref="MarkdownRenderer.PlainText"/>), which the word count counts.</param>
public sealed record RenderedMarkdown(string Html, int WordCount, string PlainText);
