using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Admin;

/// <summary>The dashboard: what waits, what is read, what readers wrote, drawn on the server so it reads without JavaScript.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_counts_what_waits_lists_what_is_read_and_draws_its_charts_as_svg()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>());
        var editor = await app.MemberAsync(UserRole.Editor);
        var section = (await app.CreateSectionAsync()).Str("slug");
        var read = await app.CreateArticleAsync(section, new { title = "The most read story" });
        var scheduled = await app.CreateArticleAsync(section, new { title = "Tomorrow's story", status = "scheduled", publishedAt = app.Clock.GetUtcNow().AddDays(1) });
        var draft = await BroadsheetApp.ExpectJsonAsync(await editor.Api.PostAsJsonAsync("/api/v1/articles", new { title = "A draft", body = "Text.", section }), 201);
        await editor.Api.PatchAsJsonAsync($"/api/v1/articles/{draft.Id()}", new { inReview = true });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Anonymous().PostCommentAsync(read.Id(), CommentForms.Comment(comment: "Is the bridge open again?"));
        for (var reader = 0; reader < 3; reader++)
        {
            var client = app.Anonymous();
            client.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, $"203.0.113.{reader + 1}");
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"); // no agent is a bot
            await client.GetAsync(BroadsheetApp.PathOf(read));
        }
        await app.FlushViewsAsync();

        var page = await HtmlPage.GetAsync(editor.Admin, "/admin/");

        Assert.Equal("1", page.QuerySelector("#held strong").Text());
        Assert.Equal("1", page.QuerySelector("#in-review strong").Text());
        Assert.Equal("1", page.QuerySelector("#scheduled strong").Text());
        Assert.Contains("Tomorrow's story", page.QuerySelector("#scheduled ul").Text());
        Assert.Contains("The most read story", page.QuerySelector("section[aria-labelledby=top-today]").Text());
        Assert.Contains("The most read story", page.QuerySelector("section[aria-labelledby=top-week]").Text());
        var charts = page.QuerySelectorAll("section:not(.newsletter-figures) > svg.bar-chart[role=img]");
        Assert.Equal(2, charts.Length);
        Assert.Equal(30, charts[0].QuerySelectorAll("rect").Length);
        // The three readers' views reach today's bar and figure.
        Assert.EndsWith("; 3 in all", charts[0].GetAttribute("aria-label"));
        var days = page.QuerySelectorAll("#views-heading ~ details tbody tr");
        Assert.Equal(30, days.Length);
        Assert.Equal("3", days[^1].QuerySelector("td").Text());
        Assert.Equal(["0"], days.Take(29).Select(d => d.QuerySelector("td").Text()).Distinct());
        Assert.Contains("1 pending", charts[1].GetAttribute("aria-label"));
        Assert.True(scheduled.Id() > 0);
    }
}
