using Broadsheet.Articles;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class RenderingMarkdownTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("Before <script>alert('x')</script> after")]
    [InlineData("<img src=x onerror=\"alert('x')\">")]
    [InlineData("[click me](javascript:alert('x'))")]
    [InlineData("<a href=\"javascript:alert('x')\">click</a>")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    public void Script_in_markdown_is_rendered_inert(string markdown)
    {
        var html = _renderer.Render(markdown).Html;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Block_quotes_tables_footnotes_and_autolinks_are_rendered()
    {
        const string markdown = """
            > We will not raise the levy this year, said the treasurer.

            | Year | Budget |
            |------|--------|
            | 2024 | 12m    |

            The figure was disputed.[^1] See https://example.org for the minutes.

            [^1]: By the opposition.
            """;

        var rendered = _renderer.Render(markdown);

        Assert.Contains("<blockquote>", rendered.Html);
        Assert.Contains("<table>", rendered.Html);
        Assert.Contains("class=\"footnotes\"", rendered.Html);
        Assert.Contains("href=\"#fn:1\"", rendered.Html);
        Assert.Contains("<a href=\"https://example.org\">", rendered.Html);
        Assert.InRange(rendered.WordCount, 20, 40);
    }

    [Theory]
    [InlineData("<form action=\"https://evil.example/\"><input name=\"password\" type=\"password\"><button>Sign in</button></form>", "<form|<input|<button")]
    [InlineData("<textarea>x</textarea><select><option>a</option></select><label>l</label><fieldset><legend>g</legend></fieldset>", "<textarea|<select|<option|<label|<fieldset|<legend")]
    [InlineData("<style>body { display: none }</style>Text", "<style|display")]
    [InlineData("<p style=\"position: fixed; top: 0\">Sign in again</p>", "style=|position")]
    [InlineData("<p id=\"site-header\" class=\"masthead\">Fake masthead</p><a id=\"comments\" name=\"x\">x</a>", "id=|class=|name=")]
    public void Forms_styles_ids_and_classes_in_a_body_are_not_kept(string markdown, string forbidden)
    {
        var html = _renderer.Render(markdown).Html;

        foreach (var piece in forbidden.Split('|'))
        {
            Assert.DoesNotContain(piece, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_picture_from_an_http_address_is_asked_for_over_https_as_the_policy_allows()
    {
        var html = _renderer.Render("![Quay](http://photos.example.org/quay.jpg)\n\n<img src=\"HTTP://photos.example.org/b.jpg\" srcset=\"http://x.example/a.jpg 2x\">").Html;

        Assert.Contains("src=\"https://photos.example.org/quay.jpg\"", html);
        Assert.Contains("src=\"https://photos.example.org/b.jpg\"", html);
        Assert.DoesNotContain("srcset", html);
    }

    [Fact]
    public void A_tables_column_alignment_survives_as_a_class_not_a_style()
    {
        var html = _renderer.Render("| Party | Seats |\n|:------|------:|\n| Green | 12 |").Html;

        Assert.Contains("<th class=\"align-right\">Seats</th>", html);
        Assert.Contains("<td class=\"align-right\">12</td>", html);
        Assert.DoesNotContain("style", html);
    }

    [Fact]
    public void Footnotes_keep_the_ids_and_classes_their_links_need()
    {
        var html = _renderer.Render("A claim.[^1]\n\n[^1]: Its source.").Html;

        Assert.Contains("id=\"fnref:1\"", html);
        Assert.Contains("id=\"fn:1\"", html);
        Assert.Contains("class=\"footnote-ref\"", html);
        Assert.Contains("class=\"footnote-back-ref\"", html);
    }

    [Fact]
    public async Task An_article_page_shows_the_sanitised_body_stored_at_save_time()
    {
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"), new { body = "Hello <script>alert(1)</script>\n\n> A quoted statement." });

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        var body = page.QuerySelector(".article-body");
        Assert.NotNull(body);
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Equal("A quoted statement.", body.QuerySelector("blockquote").Text());
        Assert.Contains("<blockquote>", article.Str("bodyHtml"));
    }
}
