using Broadsheet.Spam;
using Broadsheet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Spam;

/// <summary>
/// Two nodes on one PostgreSQL database and one Redis (two apps in this process, on the servers ./test.sh started):
/// a lesson a moderator teaches on one reaches the other's model at once, announced over Redis, long before its
/// hourly sync would have found it.
/// </summary>
public sealed class LessonsAcrossNodesTests
{
    [Fact]
    public async Task A_lesson_learned_on_one_node_is_applied_on_the_other_at_once()
    {
        var shared = BroadsheetApp.NewDataDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Broadsheet:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = TestDatabase.ConnectionStringFor(shared),
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("BROADSHEET_TEST_REDIS")
                ?? throw new InvalidOperationException("BROADSHEET_TEST_REDIS is not set: run the tests through ./test.sh."),
            ["Broadsheet:Spam:SyncIntervalSeconds"] = "3600",
        };
        using var a = BroadsheetApp.With(settings);
        using var b = BroadsheetApp.With(settings);
        _ = a.Server;
        _ = b.Server;
        var text = "The ferry timetable for the island changes again next week, according to the harbour office.";
        var input = new SpamInput(text, "Dale", null, null, CommentHistory.None);
        var onB = b.Services.GetRequiredService<SpamFilter>();
        var before = (await onB.JudgeAsync(input, CancellationToken.None)).Score;

        await a.Services.GetRequiredService<SpamFilter>().LearnAsync(null, text, "Dale", spam: true, filterSaidSpam: false, CancellationToken.None);
        var after = before;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (after <= before && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            after = (await onB.JudgeAsync(input, CancellationToken.None)).Score;
        }

        Assert.True(after > before, $"node B's score for the taught text should rise at once (before {before}, after {after})");
        TestDatabase.DropDatabase(TestDatabase.NameFor(shared));
    }
}
