using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Articles;

public sealed class WhatReadersMaySeeTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    [Fact]
    public async Task A_draft_never_appears_in_public()
    {
        var section = await app.CreateSectionAsync();
        var draft = await app.CreateArticleAsync(section.Str("slug"), new { status = "draft", title = BroadsheetApp.Unique("Secret plan") });
        var reader = app.Anonymous();

        Assert.Equal("draft", draft.Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(BroadsheetApp.PathOf(draft))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{draft.Id()}")).StatusCode);
        Assert.DoesNotContain(draft.Str("title"), await reader.GetStringAsync(BroadsheetApp.PathOf(section)));
        Assert.DoesNotContain(draft.Str("title"), await reader.GetStringAsync("/"));
        Assert.DoesNotContain(draft.Str("title"), await reader.GetStringAsync($"/api/v1/articles?section={section.Str("slug")}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/v1/articles?status=draft")).StatusCode);
        Assert.Contains(draft.Str("title"), await app.Editor().GetStringAsync($"/api/v1/articles?status=draft&section={section.Str("slug")}"));
    }

    [Fact]
    public async Task A_scheduled_article_appears_at_its_time_without_a_restart()
    {
        var section = await app.CreateSectionAsync();
        var goesLiveAt = app.Clock.GetUtcNow().AddHours(2);
        var scheduled = await app.CreateArticleAsync(section.Str("slug"), new { status = "scheduled", publishedAt = goesLiveAt });
        var reader = app.Anonymous();

        var before = await reader.GetAsync(BroadsheetApp.PathOf(scheduled));
        app.Clock.Advance(TimeSpan.FromHours(2));
        var after = await reader.GetAsync(BroadsheetApp.PathOf(scheduled));
        var resource = await BroadsheetApp.ExpectJsonAsync(await reader.GetAsync($"/api/v1/articles/{scheduled.Id()}"), 200);

        Assert.Equal("scheduled", scheduled.Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("published", resource.Str("status"));
    }

    [Fact]
    public async Task Publishing_with_a_future_time_schedules_the_article()
    {
        var section = await app.CreateSectionAsync();

        var article = await app.CreateArticleAsync(section.Str("slug"), new { status = "published", publishedAt = app.Clock.GetUtcNow().AddDays(1) });

        Assert.Equal("scheduled", article.Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(BroadsheetApp.PathOf(article))).StatusCode);
    }
}
