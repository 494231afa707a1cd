using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Search;

/// <summary>
/// Full-text search on the site's own engine (SQLite FTS5, or PostgreSQL's full-text search on the PostgreSQL leg):
/// what it finds, in which order, what it shows, how it treats any query, and how it follows the articles.
/// </summary>
public sealed class SearchTests
{
    private static async Task<JsonElement> SearchAsync(BroadsheetApp site, string query, string extra = "")
    {
        var response = await site.Anonymous().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}{extra}");
        return await BroadsheetApp.ExpectJsonAsync(response, 200);
    }

    private static async Task<IReadOnlyList<string>> TitlesAsync(BroadsheetApp site, string query, string extra = "") =>
        [.. (await SearchAsync(site, query, extra)).GetProperty("items").EnumerateArray().Select(i => i.Str("title"))];

    private static Task<JsonElement> ArticleAsync(BroadsheetApp site, string section, string title, string body, int hoursAgo = 1, object? more = null)
    {
        var fields = new Dictionary<string, object?> { ["title"] = title, ["body"] = body, ["publishedAt"] = site.Clock.GetUtcNow().AddHours(-hoursAgo) };
        foreach (var property in JsonSerializer.SerializeToElement(more ?? new { }).EnumerateObject())
        {
            fields[property.Name] = property.Value;
        }
        return site.CreateArticleAsync(section, fields);
    }

    [Fact]
    public async Task Title_and_dek_hits_come_before_body_hits_then_relevance_with_newer_articles_ahead_of_older_equals()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Council budget approved", "The lighthouse keeper spoke. The lighthouse, the lighthouse, the lighthouse.", hoursAgo: 1);
        await ArticleAsync(site, section, "Old lighthouse reopens", "Visitors return to the cape.", hoursAgo: 24 * 400);
        await ArticleAsync(site, section, "Ferry timetable changes", "Crossings move by ten minutes.", hoursAgo: 2, new { dek = "The lighthouse crossing is first to change." });
        await ArticleAsync(site, section, "Quay repairs begin", "Workers arrived near the lighthouse on Monday.", hoursAgo: 24 * 300);
        await ArticleAsync(site, section, "Quay repairs end", "Workers left the lighthouse on Friday.", hoursAgo: 3);

        var titles = await TitlesAsync(site, "lighthouse");

        // Title and dek hits first (how a title weighs against a dek and a year's age is the engine's to say); then the
        // body hits by relevance: the body that says it four times, then two bodies that say it once, the newer first.
        Assert.Equal(["Ferry timetable changes", "Old lighthouse reopens"], titles.Take(2).Order());
        Assert.Equal(["Council budget approved", "Quay repairs end", "Quay repairs begin"], titles.Skip(2));
    }

    [Fact]
    public async Task English_words_are_found_by_their_stem_and_accents_do_not_matter_either_way()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Ports of the north", "Three harbours froze over and the ferries stopped running.");
        await ArticleAsync(site, section, "Bankers meet in Zürich", "The café by the lake was full.");
        await ArticleAsync(site, section, "Zurich transit vote", "The naive plan passed.");

        Assert.Equal(["Ports of the north"], await TitlesAsync(site, "harbour"));
        Assert.Equal(["Ports of the north"], await TitlesAsync(site, "ferry running"));
        Assert.Equal(["Zurich transit vote", "Bankers meet in Zürich"], await TitlesAsync(site, "Zurich"));
        Assert.Equal(["Zurich transit vote", "Bankers meet in Zürich"], await TitlesAsync(site, "ZÜRICH"));
        Assert.Equal(["Bankers meet in Zürich"], await TitlesAsync(site, "cafe"));
        Assert.Equal(["Zurich transit vote"], await TitlesAsync(site, "naïve"));
    }

    [Fact]
    public async Task A_word_joined_to_another_by_a_hyphen_is_found_alone_whatever_its_letters_and_digits()
    {
        // PostgreSQL's parser reads "486e48b3" alone as a number and a word ("486e48", "b3") but, after a hyphen, as
        // one part: the document must be read as the query is, or such a word is never found.
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Budget figures under embargo-486e48b3", "The budget adds four ferries.");
        await ArticleAsync(site, section, "A well-known quay", "Ferry tickets for model 3e5-ready boats.");

        Assert.Equal(["Budget figures under embargo-486e48b3"], await TitlesAsync(site, "486e48b3"));
        Assert.Equal(["Budget figures under embargo-486e48b3"], await TitlesAsync(site, "Budget figures under embargo-486e48b3"));
        Assert.Equal(["A well-known quay"], await TitlesAsync(site, "well-known"));
        Assert.Equal(["A well-known quay"], await TitlesAsync(site, "known"));
        Assert.Equal(["A well-known quay"], await TitlesAsync(site, "3e5"));
    }

    [Fact]
    public async Task Words_in_double_quotes_are_a_phrase_and_every_word_must_appear()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Walking the old town", "The old town walls are being restored.");
        await ArticleAsync(site, section, "A town grows old", "Nobody new moves to the town; the old leave.");
        await ArticleAsync(site, section, "The new bridge", "A bridge for the river.");

        Assert.Equal(["Walking the old town"], await TitlesAsync(site, "\"old town\""));
        Assert.Equal(["Walking the old town", "A town grows old"], await TitlesAsync(site, "town old"));
        Assert.Empty(await TitlesAsync(site, "town bridge"));
        var answer = await SearchAsync(site, "walls “old town”");
        Assert.Equal("walls \"old town\"", answer.Str("query"));
    }

    [Fact]
    public async Task Snippets_mark_the_matched_words_in_text_that_cannot_become_markup()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "<script>alert(1)</script> Tide tables",
            "Readers asked why `<img src=x onerror=alert(2)>` appeared beside the tide table. The tides are on page two. \uE000Not a mark\uE001.");

        var hit = (await SearchAsync(site, "tide")).GetProperty("items")[0];
        var snippet = hit.Str("snippet");
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>tide</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>tides</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("\uE000", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", snippet, StringComparison.Ordinal);

        var page = await HtmlPage.GetAsync(site.Anonymous(), "/search?q=tide");
        var result = page.QuerySelector(".search-results li")!;
        Assert.Equal("<script>alert(1)</script> Tide tables", result.QuerySelector("h3")!.TextContent);
        Assert.Empty(result.QuerySelectorAll("script, img"));
        Assert.Equal(["tide", "tides"], result.QuerySelectorAll(".snippet mark").Select(m => m.TextContent).ToList());
        Assert.Equal(["mark"], result.QuerySelector(".snippet")!.Children.Select(c => c.LocalName).Distinct().ToList());
    }

    [Theory]
    [InlineData("harbour AND NOT OR NEAR(quay, 2)")]
    [InlineData("\"harbour")]
    [InlineData("harbour\"\"\"")]
    [InlineData("harb* ^quay {Title Body}: -mayor + col:value")]
    [InlineData("harbour & !quay | (mayor <-> council) :* 'x'")]
    [InlineData("'; DROP TABLE Articles; --")]
    [InlineData("\\ % _ \u0000 \uE000 😀 \u202E")]
    public async Task Any_query_is_answered_politely_as_words_and_never_with_engine_syntax(string query)
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Harbour and quay", "The mayor and the council met at the harbour quay.");

        var response = await site.Anonymous().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{query}: {(int)response.StatusCode}");
        var page = await site.Anonymous().GetAsync($"/search?q={Uri.EscapeDataString(query)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Nothing was dropped, whatever the query said.
        Assert.Equal(["Harbour and quay"], await TitlesAsync(site, "harbour quay"));
    }

    [Fact]
    public async Task Empty_long_and_wordless_queries_get_their_own_answers()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        await ArticleAsync(site, section, "Harbour news", "The harbour opened.");
        var reader = site.Anonymous();

        var empty = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync("/api/v1/search?q="), 422);
        Assert.Equal(["Please enter something to search for."], empty.GetProperty("errors").GetProperty("q").Strings());
        var wordless = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync("/api/v1/search?q=%22%2A%22"), 422);
        Assert.Contains("no words", wordless.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);

        var longQuery = "harbour " + string.Join(' ', Enumerable.Repeat("word", 200)) + new string('x', 1000);
        var answer = await SearchAsync(site, longQuery[..1000]);
        Assert.True(answer.GetProperty("shortened").GetBoolean());
        Assert.Empty(answer.GetProperty("items").EnumerateArray());
        var page = await HtmlPage.GetAsync(reader, "/search?q=" + Uri.EscapeDataString(longQuery));
        Assert.Contains("only the first", page.QuerySelector(".search-note")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(200, page.QuerySelector("#q")!.GetAttribute("value")!.Length);

        var help = await HtmlPage.GetAsync(reader, "/search");
        Assert.NotNull(help.QuerySelector(".search-help"));
        var nothing = await HtmlPage.GetAsync(reader, "/search?q=zeppelin");
        Assert.Contains("No articles match “zeppelin”", nothing.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_narrow_by_section_with_its_subsections_byline_and_days_and_mistakes_get_field_messages()
    {
        using var site = new BroadsheetApp();
        var world = (await site.CreateSectionAsync("World")).Str("slug");
        var europe = (await site.CreateSectionAsync("Europe", world)).Str("slug");
        var sport = (await site.CreateSectionAsync("Sport")).Str("slug");
        await ArticleAsync(site, world, "Storm over the world", "A storm.", hoursAgo: 24 * 10, new { authors = new[] { "Ana Ruiz" } });
        await ArticleAsync(site, europe, "Storm over Europe", "A storm.", hoursAgo: 24 * 2, new { authors = new[] { "Ben Olsen" } });
        await ArticleAsync(site, sport, "Storm stops the match", "A storm.", hoursAgo: 1, new { authors = new[] { "Ana Ruiz" } });
        var day = site.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal(["Storm over Europe", "Storm over the world"], await TitlesAsync(site, "storm", $"&section={world}"));
        Assert.Equal(["Storm stops the match", "Storm over the world"], await TitlesAsync(site, "storm", "&author=ana-ruiz"));
        var from = day.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = day.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["Storm over Europe"], await TitlesAsync(site, "storm", $"&from={from}&to={to}"));

        var wrong = await BroadsheetApp.ExpectJsonAsync(
            await site.Anonymous().GetAsync("/api/v1/search?q=storm&section=nowhere&author=nobody&from=yesterday&to=2020-02-30&limit=0"), 422);
        var errors = wrong.GetProperty("errors");
        Assert.Equal("There is no section “nowhere”.", errors.GetProperty("section")[0].GetString());
        Assert.Equal("There is no byline “nobody”.", errors.GetProperty("author")[0].GetString());
        Assert.StartsWith("Please enter a date", errors.GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Please enter a date", errors.GetProperty("to")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("limit", out _));
        var backwards = await BroadsheetApp.ExpectJsonAsync(await site.Anonymous().GetAsync($"/api/v1/search?q=storm&from={to}&to={from}"), 422);
        Assert.True(backwards.GetProperty("errors").TryGetProperty("to", out _));

        var page = await HtmlPage.GetAsync(site.Anonymous(), "/search?q=storm&from=yesterday", 422);
        Assert.Equal("storm", page.QuerySelector("#q")!.GetAttribute("value"));
        Assert.StartsWith("Please enter a date", page.QuerySelector("#from-error")!.TextContent, StringComparison.Ordinal);
        var filtered = await HtmlPage.GetAsync(site.Anonymous(), $"/search?q=storm&section={world}%2F{europe}");
        Assert.Equal(["Storm over Europe"], filtered.Texts(".search-results h3"));
    }

    [Fact]
    public async Task Pages_follow_one_another_without_repeats()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        for (var i = 0; i < 7; i++)
        {
            await ArticleAsync(site, section, $"Gull count {i}", "The gulls were counted.", hoursAgo: i + 1);
        }

        var first = await SearchAsync(site, "gull", "&limit=3");
        var second = await SearchAsync(site, "gull", $"&limit=3&cursor={first.Str("next")}");
        var third = await SearchAsync(site, "gull", $"&limit=3&cursor={second.Str("next")}");

        var titles = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => i.Str("title"))).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Gull count {i}"), titles);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);
        await BroadsheetApp.ExpectJsonAsync(await site.Anonymous().GetAsync("/api/v1/search?q=gull&cursor=nonsense"), 422);
        var page = await HtmlPage.GetAsync(site.Anonymous(), "/search?q=gull");
        Assert.Null(page.QuerySelector(".pager a[rel=next]"));
    }

    [Fact]
    public async Task The_index_follows_publishing_editing_unpublishing_deleting_scheduling_and_renamed_tags_and_bylines_at_once()
    {
        using var site = new BroadsheetApp();
        var section = (await site.CreateSectionAsync()).Str("slug");
        var editor = site.Editor();
        var draft = await ArticleAsync(site, section, "Pelican census", "Pelicans nest on the breakwater.", more: new { status = "draft", tags = new[] { "Seabirds" }, authors = new[] { "Dana Kim" } });
        Assert.Empty(await TitlesAsync(site, "pelican"));

        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" })).StatusCode);
        Assert.Equal(["Pelican census"], await TitlesAsync(site, "pelican"));
        Assert.Equal(["Pelican census"], await TitlesAsync(site, "seabird"));
        Assert.Equal(["Pelican census"], await TitlesAsync(site, "dana kim"));

        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { title = "Cormorant census", body = "Cormorants took the breakwater." })).StatusCode);
        Assert.Empty(await TitlesAsync(site, "pelican"));
        Assert.Equal(["Cormorant census"], await TitlesAsync(site, "cormorants breakwater"));

        var tags = await editor.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        var tagId = tags.GetProperty("items").EnumerateArray().Single(t => t.Str("name") == "Seabirds").Id();
        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/tags/{tagId}", new { name = "Shorebirds" })).StatusCode);
        Assert.Empty(await TitlesAsync(site, "seabirds"));
        Assert.Equal(["Cormorant census"], await TitlesAsync(site, "shorebirds"));
        var authors = await editor.GetFromJsonAsync<JsonElement>("/api/v1/authors");
        var authorId = authors.GetProperty("items").EnumerateArray().Single(t => t.Str("name") == "Dana Kim").Id();
        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/authors/{authorId}", new { name = "Dana Kimura" })).StatusCode);
        Assert.Equal(["Cormorant census"], await TitlesAsync(site, "kimura"));
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/tags/{tagId}")).StatusCode);
        Assert.Empty(await TitlesAsync(site, "shorebirds"));

        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "draft" })).StatusCode);
        Assert.Empty(await TitlesAsync(site, "cormorant"));
        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { status = "published" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/articles/{draft.Id()}")).StatusCode);
        Assert.Empty(await TitlesAsync(site, "cormorant"));

        await site.CreateArticleAsync(section, new { title = "Puffins return", body = "Puffins were seen.", status = "scheduled", publishedAt = site.Clock.GetUtcNow().AddHours(2) });
        Assert.Empty(await TitlesAsync(site, "puffin"));
        site.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(["Puffins return"], await TitlesAsync(site, "puffin"));
    }

    [Fact]
    public async Task Reindex_rebuilds_an_emptied_index_and_start_up_fills_in_articles_that_have_no_entry()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        using (var site = BroadsheetApp.With(new Dictionary<string, string?>(), directory))
        {
            var section = (await site.CreateSectionAsync()).Str("slug");
            await ArticleAsync(site, section, "Seal pups counted", "Forty seal pups on the sandbank.");
            await ArticleAsync(site, section, "Seal sanctuary opens", "A sanctuary for seals.");
            await EmptyTheIndexAsync(site);
            Assert.Empty(await TitlesAsync(site, "seal"));
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await BroadsheetCli.RunAsync(["reindex"], output, error, TestDatabase.Settings(directory)));
        Assert.Contains("Indexed 2 articles for search", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Indexing articles: 2 of 2", output.ToString(), StringComparison.Ordinal);

        using (var site = BroadsheetApp.At(directory))
        {
            Assert.Equal(["Seal sanctuary opens", "Seal pups counted"], await TitlesAsync(site, "seal"));
            await EmptyTheIndexAsync(site);
            using var scope = site.Services.CreateScope();
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<Broadsheet.Search.SearchIndex>().CatchUpAsync(CancellationToken.None));
            Assert.Equal(["Seal sanctuary opens", "Seal pups counted"], await TitlesAsync(site, "seal"));
        }
    }

    private static async Task EmptyTheIndexAsync(BroadsheetApp site)
    {
        using var scope = site.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Broadsheet.Search.ISearchEngine>()
            .ClearAsync(scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>(), CancellationToken.None);
    }
}
