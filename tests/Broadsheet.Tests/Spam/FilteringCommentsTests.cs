using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;
using Broadsheet.Spam;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Spam;

public sealed class FilteringCommentsTests
{
    private const string ObviousSpam = "Check out my channel!!! Subscribe now for free gift cards http://free-gifts.example/win";

    private static async Task<(BroadsheetApp App, System.Text.Json.JsonElement Article)> SiteAsync(string? dataDirectory = null)
    {
        var app = dataDirectory is null ? new BroadsheetApp() : BroadsheetApp.At(dataDirectory);
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        return (app, article);
    }

    private static async Task<System.Text.Json.JsonElement> StoredAsync(BroadsheetApp app, int id) =>
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments/{id}"), 200);

    [Fact]
    public async Task Obvious_spam_through_the_form_lands_in_the_spam_queue_and_a_normal_comment_does_not()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        var reader = app.Anonymous();

        var spam = await reader.SubmitCommentAsync(BroadsheetApp.PathOf(article), CommentForms.Fields(ObviousSpam, name: "Gift Cards"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var normal = await app.Anonymous().SubmitCommentAsync(BroadsheetApp.PathOf(article), CommentForms.Fields("The council should publish the costs before the vote."));
        var queue = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync($"/api/v1/comments?status=spam&articleId={article.Id()}"), 200);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, spam.StatusCode);
        var queued = Assert.Single(queue.GetProperty("items").EnumerateArray());
        Assert.Equal(ObviousSpam, queued.Str("comment"));
        Assert.StartsWith("spam filter score 1.00", queued.GetProperty("reasons")[0].GetString());
        Assert.Contains("the words look like spam", queued.GetProperty("reasons")[0].GetString());
        var normalId = int.Parse(normal.Headers.Location!.OriginalString.Split("#comment-")[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("pending", (await StoredAsync(app, normalId)).Str("status"));
        Assert.Equal(["first comment from this commenter"], (await StoredAsync(app, normalId)).GetProperty("reasons").Strings());
    }

    [Fact]
    public async Task A_new_reader_behind_an_address_that_sent_spam_is_not_sent_to_the_spam_queue()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        // A carrier's NAT or an office: the spammer and the reader share one address.
        var sharedAddress = app.Anonymous();
        sharedAddress.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, "203.0.113.40");
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await sharedAddress.PostCommentAsync(article.Id(), CommentForms.Comment(comment: $"{ObviousSpam}/{i}", name: "Gift Cards"));
            Assert.Equal(201, status);
            Assert.Equal("spam", body.Str("status"));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var (_, reader) = await sharedAddress.PostCommentAsync(article.Id(),
            CommentForms.Comment(comment: "I cancelled my subscription over the paywall last year and honestly, this piece almost made me sign back up."));
        var stored = await StoredAsync(app, reader.Id());

        Assert.Equal("pending", stored.Str("status"));
        Assert.Equal(["first comment from this commenter"], stored.GetProperty("reasons").Strings());
    }

    [Fact]
    public async Task A_filled_honeypot_is_never_published_and_says_why()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        var fields = CommentForms.Fields("Interesting piece about the harbour.");
        fields["confirmUrl"] = "http://robot.example";

        var response = await app.Anonymous().SubmitCommentAsync(BroadsheetApp.PathOf(article), fields);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[1], System.Globalization.CultureInfo.InvariantCulture);
        var stored = await StoredAsync(app, id);

        Assert.NotEqual("approved", stored.Str("status"));
        Assert.Contains("filled in the hidden field", stored.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public async Task A_moderators_verdict_is_learned_at_once_and_survives_a_restart()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        const string Text = "Garden furniture sale this weekend only, ask for the Linden range at the shop";
        double before, learned, afterRestart;
        using (var app = BroadsheetApp.At(directory))
        {
            var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
            var (_, first) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: Text));
            before = await ScoreAsync(app, Text);

            await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{first.Id()}/spam", null), 200);
            learned = await ScoreAsync(app, Text);
        }
        using (var restarted = BroadsheetApp.At(directory))
        {
            afterRestart = await ScoreAsync(restarted, Text);
        }
        BroadsheetApp.DeleteDataDirectory(directory);

        Assert.True(learned > before, $"{before} → {learned}");
        Assert.Equal(learned, afterRestart, 9);
    }

    [Fact]
    public async Task A_lesson_keeps_the_comments_words_for_15_days_then_only_a_digest_that_still_teaches_the_filter_after_a_restart()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        const string Text = "Patio heaters half price at the Linden warehouse, this weekend only, ask at the till";
        double learned, afterRestart;
        int early, digested;
        Broadsheet.Spam.SpamLesson lesson;
        using (var app = BroadsheetApp.At(directory))
        {
            var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
            var (_, comment) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: Text, name: "Linden Sales"));
            await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{comment.Id()}/spam", null), 200);
            learned = await ScoreAsync(app, Text);
            var upkeep = app.Services.GetRequiredService<SpamUpkeep>();

            early = await upkeep.DigestLessonsAsync(CancellationToken.None);
            app.Clock.Advance(TimeSpan.FromDays(16));
            // The hourly job wakes on the clock and may digest it first: either way it is digested once.
            await upkeep.DigestLessonsAsync(CancellationToken.None);
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
            lesson = await db.SpamLessons.AsNoTracking().SingleAsync();
            for (var wait = 0; lesson.Features is null && wait < 50; wait++)
            {
                await Task.Delay(100);
                lesson = await db.SpamLessons.AsNoTracking().SingleAsync();
            }
            digested = await upkeep.DigestLessonsAsync(CancellationToken.None);
        }
        using (var restarted = BroadsheetApp.At(directory))
        {
            afterRestart = await ScoreAsync(restarted, Text);
        }
        BroadsheetApp.DeleteDataDirectory(directory);

        Assert.Equal((0, 0), (early, digested));
        Assert.Equal(("", "", null), (lesson.Text, lesson.Name, lesson.CommentId));
        Assert.NotNull(lesson.Features);
        Assert.Equal(learned, afterRestart, 9);
    }

    [Fact]
    public async Task A_lesson_whose_comment_is_gone_keeps_only_its_digest()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        var (_, comment) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Cheap patio heaters at the Linden warehouse", name: "Linden Sales"));
        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{comment.Id()}/spam", null), 200);
        var deleted = await app.Editor().DeleteAsync($"/api/v1/comments/{comment.Id()}");

        await app.Services.GetRequiredService<SpamUpkeep>().DigestLessonsAsync(CancellationToken.None);
        using var scope = app.Services.CreateScope();
        var lesson = await scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>().SpamLessons.AsNoTracking().SingleAsync();

        Assert.True(deleted.IsSuccessStatusCode, $"delete → {(int)deleted.StatusCode}");
        Assert.Equal(("", "", null), (lesson.Text, lesson.Name, lesson.CommentId));
        Assert.NotNull(lesson.Features);
    }

    [Fact]
    public async Task Spam_is_purged_after_15_days()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        var (_, spam) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: ObviousSpam));
        var upkeep = app.Services.GetRequiredService<SpamUpkeep>();

        var early = await upkeep.PurgeAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(16));
        await upkeep.PurgeAsync(CancellationToken.None);

        Assert.Equal("spam", spam.Str("status"));
        Assert.Equal(0, early);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Editor().GetAsync($"/api/v1/comments/{spam.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Moderators_rescue_or_delete_in_bulk_and_see_the_weeks_figures()
    {
        var (app, article) = await SiteAsync();
        using var _ = app;
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: $"{ObviousSpam} {i}"))).Body.Id());
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var (_, missed) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(comment: "Lovely quiet comment."));
        await app.Editor().PostAsync($"/api/v1/comments/{missed.Id()}/spam", null);

        var rescued = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/spam/not-spam", new { ids = new[] { ids[0] } }), 200);
        var deleted = await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsJsonAsync("/api/v1/spam/delete", new { ids = new[] { ids[1], ids[2], missed.Id() + 1000 } }), 200);
        var figures = await BroadsheetApp.ExpectJsonAsync(await app.Editor().GetAsync("/api/v1/spam/figures?weeks=2"), 200);
        var empty = await app.Editor().PostAsJsonAsync("/api/v1/spam/delete", new { ids = Array.Empty<int>() });

        Assert.Equal(1, rescued.GetProperty("changed").GetInt32());
        Assert.Equal(2, deleted.GetProperty("changed").GetInt32());
        var week = Assert.Single(figures.GetProperty("weeks").EnumerateArray());
        Assert.Equal("2024-W29", week.Str("week"));
        Assert.Equal(3, week.GetProperty("caught").GetInt32());
        Assert.Equal(1, week.GetProperty("missed").GetInt32());
        Assert.Equal(1, week.GetProperty("falsePositives").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, empty.StatusCode);
    }

    private static async Task<double> ScoreAsync(BroadsheetApp app, string text) =>
        (await app.Services.GetRequiredService<SpamFilter>().JudgeAsync(new SpamInput(text, "Reader", null, null, CommentHistory.None), CancellationToken.None)).Score;
}
