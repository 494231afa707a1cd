using System.Globalization;
using System.Net.Http.Json;
using Broadsheet.Accounts;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Desk;

/// <summary>Each hand-over on the desk emails the article's assignee and desk editor — never about their own change.</summary>
public sealed class HandOverEmailTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    [Fact]
    public async Task Assigning_moving_and_publishing_email_the_people_on_the_article_with_who_did_what()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
            ["Broadsheet:Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Broadsheet:Site:BaseUrl"] = "https://news.example.org",
        });
        var section = (await app.CreateSectionAsync()).Str("slug");
        var chief = await app.MemberAsync(UserRole.Editor, "Dana Chief");
        var deskEditor = await app.MemberAsync(UserRole.Editor, "Eli Desk");
        var reporter = await app.MemberAsync(UserRole.Author, "Rosa Reporter");
        var title = BroadsheetApp.Unique("Lifeboat station to close");

        var pitch = await BroadsheetApp.ExpectJsonAsync(await chief.Api.PostAsJsonAsync("/api/v1/articles", new
        {
            title, body = "Pitch.", section, assigneeId = reporter.UserId, editorId = deskEditor.UserId,
        }), 201);
        var toReporter = await smtp.MessagesToAsync(reporter.Email);
        var toDeskEditor = await smtp.MessagesToAsync(deskEditor.Email);
        await BroadsheetApp.ExpectJsonAsync(await reporter.Api.PatchAsJsonAsync($"/api/v1/articles/{pitch.Id()}", new { inReview = true }), 200);
        var reviewNews = await smtp.MessagesToAsync(deskEditor.Email, 2);
        await BroadsheetApp.ExpectJsonAsync(await deskEditor.Api.PatchAsJsonAsync($"/api/v1/articles/{pitch.Id()}", new { status = "published" }), 200);
        var publishedNews = await smtp.MessagesToAsync(reporter.Email, 2);
        await Task.Delay(500);

        var assigned = Assert.Single(toReporter);
        Assert.Equal($"“{title}”: Pitch", assigned.Subject);
        Assert.Contains("Dana Chief assigned it to Rosa Reporter.", assigned.TextBody);
        Assert.Contains("You are writing it.", assigned.TextBody);
        Assert.Contains($"https://news.example.org/admin/articles/{pitch.Id()}", assigned.TextBody);
        Assert.Contains("Dana Chief made Eli Desk its desk editor.", Assert.Single(toDeskEditor).TextBody);
        // The mail folder's order is not the order of sending: each message is found by what it says.
        var review = Assert.Single(reviewNews, m => m.Subject == $"“{title}”: In review");
        Assert.Contains("Rosa Reporter moved it from Pitch to In review.", review.TextBody);
        Assert.Contains("Eli Desk published it.", Assert.Single(publishedNews, m => m.Subject == $"“{title}”: published").TextBody);
        // Nobody hears of their own change: the reporter not of the review, the desk editor not of the publication.
        Assert.Equal(2, smtp.MessagesTo(reporter.Email).Count);
        Assert.Equal(2, smtp.MessagesTo(deskEditor.Email).Count);
        Assert.Empty(smtp.MessagesTo(chief.Email));
    }
}
