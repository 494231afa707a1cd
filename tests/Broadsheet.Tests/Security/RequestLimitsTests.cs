using System.Net.Http.Json;
using System.Text;
using Broadsheet.Security;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>Broadsheet:RequestLimits: oversized bodies, forms and deeply nested JSON answer 413 or 422 with a message, never 500.</summary>
public sealed class RequestLimitsTests(RequestLimitsTests.Site site) : IClassFixture<RequestLimitsTests.Site>
{
    public sealed class Site() : BroadsheetApp(null, new Dictionary<string, string?>
    {
        ["Broadsheet:Spam:Enabled"] = "false",
        ["Broadsheet:Comments:FloodIntervalSeconds"] = "0",
    });

    private async Task<int> ArticleAsync() => (await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"))).Id();

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var article = await ArticleAsync();
        var huge = new string('a', 3 * 1024 * 1024);
        var body = new { comment = huge, name = "Big", email = "big@example.org" };

        var declared = await site.Anonymous().PostAsync($"/api/v1/articles/{article}/comments",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var chunked = await site.Anonymous().PostAsJsonAsync($"/api/v1/articles/{article}/comments", body);

        var problem = await BroadsheetApp.ExpectJsonAsync(declared, 413);
        Assert.Equal(RequestLimits.TooLargeTitle, problem.Str("title"));
        Assert.Equal("A request body may be at most 2048 KB.", problem.Str("detail"));
        // Sent without a length, it is cut off where it passes the limit.
        Assert.Equal(413, (int)chunked.StatusCode);
    }

    [Fact]
    public async Task Headers_past_the_limit_answer_431_with_a_message_and_ordinary_ones_pass()
    {
        using var app = new BroadsheetApp();
        var client = app.Anonymous();
        using var huge = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sections");
        huge.Headers.Add("Cookie", "crumbs=" + new string('c', 40 * 1024));
        using var ordinary = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sections");
        ordinary.Headers.Add("Cookie", "crumbs=" + new string('c', 4 * 1024));

        var refused = await client.SendAsync(huge);
        var passed = await client.SendAsync(ordinary);

        Assert.Equal(System.Net.HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        Assert.Contains("Request headers may be at most 32 KB together", await refused.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task Json_nested_past_the_limit_answers_422_with_a_message()
    {
        var article = await ArticleAsync();
        var nested = new StringBuilder("{\"comment\":\"Deep\",\"name\":\"Ada\",\"email\":\"deep@example.org\",\"website\":");
        nested.Append(string.Concat(Enumerable.Repeat("[", 100))).Append(string.Concat(Enumerable.Repeat("]", 100))).Append('}');

        var response = await site.Anonymous().PostAsync($"/api/v1/articles/{article}/comments", new StringContent(nested.ToString(), Encoding.UTF8, "application/json"));
        var problem = await BroadsheetApp.ExpectJsonAsync(response, 422);

        Assert.Contains("nests too deeply", problem.Str("detail"));
    }

    [Fact]
    public async Task A_form_with_too_many_fields_answers_413_with_a_message()
    {
        var article = await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"));
        var fields = CommentForms.Fields("Stuffed form.");
        for (var i = 0; i < 150; i++)
        {
            fields[$"extra{i}"] = "x";
        }

        var response = await site.Anonymous().SubmitCommentAsync(BroadsheetApp.PathOf(article), fields);
        var problem = await BroadsheetApp.ExpectJsonAsync(response, 413);

        Assert.StartsWith("The form is too large", problem.Str("detail"));
    }

    [Fact]
    public async Task A_comment_field_at_its_longest_still_fits_in_a_form()
    {
        var article = await site.CreateArticleAsync((await site.CreateSectionAsync()).Str("slug"));
        var fields = CommentForms.Fields(string.Concat(Enumerable.Repeat("😀", 32_000)));

        var response = await site.Anonymous().SubmitCommentAsync(BroadsheetApp.PathOf(article), fields);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }
}
