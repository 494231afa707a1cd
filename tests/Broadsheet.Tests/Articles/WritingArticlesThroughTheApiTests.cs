using System.Net;
using System.Net.Http.Json;
using System.Text;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class WritingArticlesThroughTheApiTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task A_created_article_answers_201_with_its_id_url_and_dates()
    {
        var section = await app.CreateSectionAsync("Europe " + Guid.NewGuid().ToString("N")[..6]);

        var article = await app.CreateArticleAsync(section.Str("slug"), new
        {
            title = "Harbour quay to be rebuilt after winter storms",
            dek = "The council voted for the plan after a long night.",
            tags = new[] { "Harbours", "Storms" },
            authors = new[] { "Mira Castell" },
        });

        Assert.True(article.GetProperty("id").GetInt32() > 0);
        Assert.Equal("published", article.Str("status"));
        Assert.StartsWith("harbour-quay-to-be-rebuilt-after-winter-storms", article.Str("slug"));
        Assert.Equal(
            $"http://localhost/{section.GetProperty("path").GetString()}/{article.GetProperty("slug").GetString()}/",
            article.Str("url"));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, article.GetProperty("publishedAt").GetDateTime());
        Assert.Equal(["Harbours", "Storms"], article.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["Mira Castell"], article.GetProperty("authors").EnumerateArray().Select(t => t.GetString()));
        Assert.True(article.TryGetProperty("updatedAt", out _));
    }

    [Fact]
    public async Task A_write_without_a_valid_token_answers_401()
    {
        var section = await app.CreateSectionAsync();
        var body = new { title = "Unsigned", body = "Text", section = section.GetProperty("slug").GetString() };

        var anonymous = await app.Anonymous().PostAsJsonAsync("/api/v1/articles", body);
        var wrongToken = app.Anonymous();
        wrongToken.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token-we-ever-gave-out-0000000000");
        var forged = await wrongToken.PostAsJsonAsync("/api/v1/articles", body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().DeleteAsync("/api/v1/articles/1")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_section_answers_422_naming_the_field()
    {
        var response = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { title = "Lost", body = "Text", section = "atlantis" });

        var problem = await BroadsheetApp.ExpectJsonAsync(response, 422);
        Assert.Equal("There is no section with the slug 'atlantis'.", problem.GetProperty("errors").GetProperty("section")[0].GetString());
    }

    [Fact]
    public async Task A_title_over_300_characters_answers_422()
    {
        var section = await app.CreateSectionAsync();
        var response = await app.Editor().PostAsJsonAsync("/api/v1/articles",
            new { title = new string('x', 301), body = "Text", section = section.GetProperty("slug").GetString() });

        var problem = await BroadsheetApp.ExpectJsonAsync(response, 422);
        Assert.Equal("The title must be at most 300 characters.", problem.GetProperty("errors").GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task Missing_fields_answer_422_with_a_message_for_each()
    {
        var response = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { dek = "Only a dek" });

        var errors = (await BroadsheetApp.ExpectJsonAsync(response, 422)).GetProperty("errors");
        Assert.Equal("Please enter a title.", errors.GetProperty("title")[0].GetString());
        Assert.Equal("Please enter the article body.", errors.GetProperty("body")[0].GetString());
        Assert.Equal("Please choose a section.", errors.GetProperty("section")[0].GetString());
    }

    [Fact]
    public async Task A_scheduled_article_without_a_time_and_an_unknown_status_answer_422()
    {
        var section = (await app.CreateSectionAsync()).GetProperty("slug").GetString();

        var noTime = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { title = "Later", body = "Text", section, status = "scheduled" });
        var badStatus = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { title = "Odd", body = "Text", section, status = "live" });

        Assert.True((await BroadsheetApp.ExpectJsonAsync(noTime, 422)).GetProperty("errors").TryGetProperty("publishedAt", out _));
        Assert.True((await BroadsheetApp.ExpectJsonAsync(badStatus, 422)).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Malformed_json_answers_400_with_a_message()
    {
        var content = new StringContent("{\"title\": \"Broken", Encoding.UTF8, "application/json");

        var response = await app.Editor().PostAsync("/api/v1/articles", content);

        var problem = await BroadsheetApp.ExpectJsonAsync(response, 400);
        Assert.Contains("not valid JSON", problem.Str("detail"));
    }

    [Fact]
    public async Task A_taken_slug_answers_422_and_a_generated_slug_gets_a_suffix()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var first = await app.CreateArticleAsync(section, new { title = "Ferry strike ends" + Guid.NewGuid().ToString("N")[..4] });
        var slug = first.GetProperty("slug").GetString();

        var second = await app.CreateArticleAsync(section, new { title = first.GetProperty("title").GetString() });
        var clash = await app.Editor().PostAsJsonAsync("/api/v1/articles", new { title = "Other", body = "Text", section, slug });

        Assert.Equal($"{slug}-2", second.Str("slug"));
        Assert.True((await BroadsheetApp.ExpectJsonAsync(clash, 422)).GetProperty("errors").TryGetProperty("slug", out _));
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_it_names_and_delete_removes_the_article()
    {
        var section = (await app.CreateSectionAsync()).Str("slug");
        var article = await app.CreateArticleAsync(section, new { dek = "Original dek" });
        var id = article.GetProperty("id").GetInt32();

        var patched = await BroadsheetApp.ExpectJsonAsync(
            await app.Editor().PatchAsJsonAsync($"/api/v1/articles/{id}", new { title = "A better headline" }), 200);
        var deleted = await app.Editor().DeleteAsync($"/api/v1/articles/{id}");

        Assert.Equal("A better headline", patched.Str("title"));
        Assert.Equal("Original dek", patched.Str("dek"));
        Assert.Equal(article.GetProperty("slug").GetString(), patched.Str("slug"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Editor().GetAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article))).StatusCode);
    }

    [Fact]
    public async Task Control_characters_and_noncharacters_are_stripped_not_a_500()
    {
        var section = await app.CreateSectionAsync();

        var article = await app.CreateArticleAsync(section.Str("slug"), new
        {
            title = "Budget\u0000 vote\uFFFE delayed again\u0007",
            body = "Line one\u0001\nLine two\uFFFF",
            tags = new[] { "\uFFFE" , "Budget\u0008" },
        });

        Assert.Equal("Budget vote delayed again", article.Str("title"));
        Assert.Equal("Line one\nLine two", article.Str("body"));
        Assert.Equal(["Budget"], article.GetProperty("tags").Strings());
    }
}
