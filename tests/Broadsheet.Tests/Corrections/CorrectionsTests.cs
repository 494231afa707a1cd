using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Corrections;

/// <summary>
/// The corrections log: an editor appends a dated correction, clarification or update to a published article; readers
/// see it on the article (corrections at the top, the others at the foot), in its JSON-LD and modified date, on
/// /corrections/ and its feed; a note is never edited or deleted, only superseded, and the log keeps both.
/// </summary>
public sealed class CorrectionsTests : IDisposable
{
    private readonly BroadsheetApp _app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:SeedDemoContent"] = "false" });

    public void Dispose() => _app.Dispose();

    private static List<JsonElement> JsonLd(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement.Clone())];

    private static Task<HttpResponseMessage> AppendAsync(HttpClient api, int articleId, object note) => api.PostAsJsonAsync($"/api/v1/articles/{articleId}/corrections", note);

    [Fact]
    public async Task An_editor_appends_a_correction_and_a_clarification_and_readers_see_them_on_the_article_its_data_the_log_and_the_feed()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        var article = await _app.CreateArticleAsync(section, new { title = "Quay reopens after repairs" });
        var path = BroadsheetApp.PathOf(article);
        var editor = await _app.MemberAsync(UserRole.Editor);
        var reader = _app.Anonymous();
        var before = await HtmlPage.GetAsync(reader, path);
        _app.Clock.Advance(TimeSpan.FromHours(2));

        using var appended = await Newsroom.PostFormAsync(editor.Admin, $"/admin/articles/{article.Id()}/corrections", $"/admin/articles/{article.Id()}/corrections",
            new Dictionary<string, string> { ["Form.Kind"] = "correction", ["Form.Text"] = "An earlier version said the quay reopened on Monday. It reopened on Tuesday." });
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var clarification = await BroadsheetApp.ExpectJsonAsync(await AppendAsync(editor.Api, article.Id(),
            new { kind = "clarification", text = "The repairs were paid for by the port authority, not the council." }), 201);

        var page = await HtmlPage.GetAsync(reader, path);
        var log = await HtmlPage.GetAsync(reader, "/corrections/");
        var feed = System.Xml.Linq.XDocument.Parse(await reader.GetStringAsync("/corrections/feed/"));
        var listed = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{article.Id()}/corrections");
        var revisions = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{article.Id()}/revisions");

        Assert.Empty(before.QuerySelectorAll(".article-notes"));
        Assert.Equal(HttpStatusCode.Redirect, appended.StatusCode);
        Assert.Equal("clarification", clarification.Str("kind"));
        // The correction heads the article, above its text; the clarification follows the text.
        var body = page.QuerySelector("article.article")!;
        var top = body.QuerySelector(".article-notes.corrections")!;
        var foot = body.QuerySelector(".article-notes.updates")!;
        Assert.Contains("Correction, ", top.TextContent, StringComparison.Ordinal);
        Assert.Contains("It reopened on Tuesday.", top.TextContent, StringComparison.Ordinal);
        Assert.Contains("paid for by the port authority", foot.TextContent, StringComparison.Ordinal);
        var order = body.QuerySelectorAll(".article-notes, .article-body").Select(e => e.ClassName).ToList();
        Assert.Equal(["article-notes corrections", "article-body", "article-notes updates"], order);
        // Marked modified when the last note was appended; both notes in the JSON-LD as CorrectionComments.
        var news = JsonLd(page).Single(j => j.Str("@type") == "NewsArticle");
        Assert.Equal(Broadsheet.Site.SiteClock.Iso(_app.Clock.GetUtcNow().UtcDateTime), news.Str("dateModified"));
        var corrections = news.GetProperty("correction").EnumerateArray().ToList();
        Assert.Equal(["CorrectionComment", "CorrectionComment"], corrections.Select(c => c.Str("@type")));
        Assert.Contains(corrections, c => c.Str("text").Contains("It reopened on Tuesday.", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector(".updated"));
        // The public log, newest first, and its feed.
        Assert.Equal(["Quay reopens after repairs", "Quay reopens after repairs"], log.Texts(".correction-log h2"));
        Assert.Equal(["Clarification", "Correction"], log.Texts(".correction-log .dates strong"));
        Assert.NotNull(log.QuerySelector("link[rel=alternate][href$='/corrections/feed/']"));
        var titles = feed.Descendants("item").Select(i => (string?)i.Element("title")).ToList();
        Assert.Equal(["Clarification: Quay reopens after repairs", "Correction: Quay reopens after repairs"], titles);
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Contains("It reopened on Tuesday.", revisions.QuerySelector(".correction-notes")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_is_never_deleted_only_superseded_and_the_log_shows_both()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        var article = await _app.CreateArticleAsync(section, new { title = "Ferry fares rise" });
        var editor = await _app.MemberAsync(UserRole.Editor);
        var first = await BroadsheetApp.ExpectJsonAsync(await AppendAsync(editor.Api, article.Id(), new { kind = "correction", text = "The fare rises by 10%." }), 201);
        _app.Clock.Advance(TimeSpan.FromHours(1));

        var second = await BroadsheetApp.ExpectJsonAsync(await AppendAsync(editor.Api, article.Id(),
            new { kind = "correction", text = "The fare rises by 12%, not 10% as an earlier correction said.", supersedes = first.Id() }), 201);
        var again = await AppendAsync(editor.Api, article.Id(), new { kind = "correction", text = "A third try.", supersedes = first.Id() });
        using var delete = await editor.Api.DeleteAsync($"/api/v1/articles/{article.Id()}/corrections/{first.Id()}");
        var page = await HtmlPage.GetAsync(_app.Anonymous(), BroadsheetApp.PathOf(article));
        var log = await HtmlPage.GetAsync(_app.Anonymous(), "/corrections/");

        Assert.Equal(first.Id(), second.GetProperty("supersedesId").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("superseded already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        // The article shows the note in force, saying what it replaces; the log keeps the first, marked superseded.
        var notes = page.QuerySelectorAll(".article-notes .article-note");
        Assert.Single(notes);
        Assert.Contains("12%", notes[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("This replaces the note of", notes[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(2, log.QuerySelectorAll(".correction-log > li").Length);
        Assert.Contains("Superseded on", log.QuerySelector($"#correction-{first.Id()}")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The fare rises by 10%.", log.QuerySelector($"#correction-{first.Id()}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_article_takes_notes_once_its_time_has_come_and_not_before()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        var scheduled = await _app.CreateArticleAsync(section, new
        {
            title = "Regatta results", status = "scheduled", publishedAt = _app.Clock.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        var editor = await _app.MemberAsync(UserRole.Editor);

        using var early = await AppendAsync(editor.Api, scheduled.Id(), new { kind = "correction", text = "The winner sailed for Porto." });
        _app.Clock.Advance(TimeSpan.FromHours(2));
        using var later = await AppendAsync(editor.Api, scheduled.Id(), new { kind = "correction", text = "The winner sailed for Porto." });
        var form = await HtmlPage.GetAsync(editor.Admin, $"/admin/articles/{scheduled.Id()}/corrections");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.NotNull(form.QuerySelector("form.correction-form"));
    }

    [Fact]
    public async Task Bad_notes_drafts_authors_and_strangers_are_refused_with_a_clear_message()
    {
        var section = (await _app.CreateSectionAsync("Harbour")).Str("slug");
        var published = await _app.CreateArticleAsync(section, new { title = "Tide tables for August" });
        var draft = await _app.CreateArticleAsync(section, new { title = "Unfinished", status = "draft" });
        var editor = await _app.MemberAsync(UserRole.Editor);
        var author = await _app.MemberAsync(UserRole.Author);

        var empty = await AppendAsync(editor.Api, published.Id(), new { kind = "correction", text = "  " });
        var rumour = await AppendAsync(editor.Api, published.Id(), new { kind = "rumour", text = "Something." });
        var tooLong = await AppendAsync(editor.Api, published.Id(), new { kind = "update", text = new string('x', 2001) });
        var toDraft = await AppendAsync(editor.Api, draft.Id(), new { kind = "correction", text = "Fixed." });
        var byAuthor = await AppendAsync(author.Api, published.Id(), new { kind = "correction", text = "Fixed." });
        var stranger = await _app.Anonymous().PostAsJsonAsync($"/api/v1/articles/{published.Id()}/corrections", new { kind = "correction", text = "Fixed." });
        using var draftNotes = await _app.Anonymous().GetAsync($"/api/v1/articles/{draft.Id()}/corrections");
        using var form = await Newsroom.PostFormAsync(editor.Admin, $"/admin/articles/{published.Id()}/corrections", $"/admin/articles/{published.Id()}/corrections",
            new Dictionary<string, string> { ["Form.Kind"] = "correction", ["Form.Text"] = "" });

        async Task<string> FieldOf(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            return string.Join(",", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal("text", await FieldOf(empty));
        Assert.Equal("kind", await FieldOf(rumour));
        Assert.Equal("text", await FieldOf(tooLong));
        Assert.Equal("article", await FieldOf(toDraft));
        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, draftNotes.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, form.StatusCode);
        Assert.Contains("Please write what was wrong", (await HtmlPage.ParseAsync(form)).QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await _app.Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/articles/{published.Id()}/corrections")).EnumerateArray());
    }
}
