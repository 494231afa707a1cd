using System.Diagnostics;
using Broadsheet.Articles;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Caching;

/// <summary>
/// A cache miss stays cheap: the article page is built from a few indexed queries whatever the size of the site
/// and of the thread (no query per comment), with the body's HTML rendered once when it was saved.
/// </summary>
public sealed class UncachedArticlePageTests
{
    /// <summary>Counts the SQL commands EF Core runs against one app's database (other tests run alongside).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly List<string> _commands = [];

        public CommandCounter(string dataDirectory)
        {
            // Commands on this test's own database: its file on SQLite, its database on PostgreSQL.
            _database = TestDatabase.IsPostgres ? TestDatabase.NameFor(dataDirectory) : dataDirectory;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public List<string> Take()
        {
            lock (_commands)
            {
                var taken = _commands.ToList();
                _commands.Clear();
                return taken;
            }
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && data.Command.Connection?.ConnectionString.Contains(_database, StringComparison.Ordinal) == true)
            {
                lock (_commands)
                {
                    _commands.Add(data.Command.CommandText);
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
    }

    private static string Words(int count) =>
        string.Join("\n\n", Enumerable.Range(0, count / 50).Select(p => p % 4 == 1
            ? "> " + string.Join(' ', Enumerable.Repeat("We will publish every figure the inquiry asked for,", 5))
            : string.Join(' ', Enumerable.Repeat("The harbour board met again on Tuesday evening.", 6)) + " Reporters counted the votes."));

    private static async Task AddArticlesAsync(BroadsheetApp app, int sectionId, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var published = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var batch = 0; batch < count; batch += 2_000)
        {
            db.Articles.AddRange(Enumerable.Range(batch, Math.Min(2_000, count - batch)).Select(n => new Article
            {
                Title = $"Filed report {n}", Slug = $"filed-report-{n}", BodyMarkdown = "Short.", BodyHtml = "<p>Short.</p>",
                SectionId = sectionId, Status = ArticleStatus.Published, PublishedAt = published.AddMinutes(n), CreatedAt = published, UpdatedAt = published,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Ten threads of three: a comment, a reply and a reply to the reply.</summary>
    private static async Task AddThreadsAsync(BroadsheetApp app, int articleId, int threads)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var at = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var t = 0; t < threads; t++)
        {
            Comment? parent = null;
            for (var depth = 1; depth <= 3; depth++)
            {
                var comment = new Comment
                {
                    ArticleId = articleId, ParentId = parent?.Id, ThreadId = parent?.ThreadId ?? 0, Depth = depth, Status = CommentStatus.Approved,
                    Name = $"Reader {t}-{depth}", Email = $"reader{t}{depth}@example.org", Body = "I was at the meeting too.",
                    BodyHtml = "<p>I was at the meeting too.</p>", CreatedAt = at.AddMinutes(t * 3 + depth),
                };
                db.Comments.Add(comment);
                await db.SaveChangesAsync();
                if (comment.ThreadId == 0)
                {
                    comment.ThreadId = comment.Id;
                    await db.SaveChangesAsync();
                }
                parent = comment;
            }
        }
    }

    [Fact]
    public async Task An_uncached_article_page_takes_a_few_queries_whatever_the_number_of_comments_and_articles()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:PageCache:Enabled"] = "false" });
        var section = await app.CreateSectionAsync();
        await AddArticlesAsync(app, section.Id(), 10_000);
        var quiet = await app.CreateArticleAsync(section.Str("slug"), new { body = Words(1_500) });
        var busy = await app.CreateArticleAsync(section.Str("slug"), new { body = Words(1_500) });
        await AddThreadsAsync(app, busy.Id(), 10);
        await AddThreadsAsync(app, quiet.Id(), 1);
        var reader = app.Anonymous();
        await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(quiet));
        using var counter = new CommandCounter(app.DataDirectory);

        var quietPage = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(quiet));
        var quietCommands = counter.Take();
        var busyPage = await HtmlPage.GetAsync(reader, BroadsheetApp.PathOf(busy));
        var busyCommands = counter.Take();

        Assert.Equal(3, quietPage.QuerySelectorAll(".comment").Length);
        Assert.Equal(30, busyPage.QuerySelectorAll(".comment").Length);
        Assert.Equal(quietCommands.Count, busyCommands.Count);
        // The article, its tags and bylines, its comments (count, page, rows), then what follows it: previous, next and
        // more from the section, and related articles (those sharing tags; where the newest similar ones start; those).
        Assert.InRange(busyCommands.Count, 1, 11);
    }
}
