using System.Diagnostics;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Broadsheet.Tests.Articles;

/// <summary>
/// With ConnectionStrings__PostgresReadOnly, listings and search read from the read replica; an article page, the API
/// and writes stay on the primary. The "replica" here is the same database under another application name, so the
/// test can tell the two connections apart; both legs of the matrix run it on the PostgreSQL server ./test.sh started.
/// </summary>
public sealed class ReadingListingsFromAReplicaTests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<string> _connections = [];

    public ReadingListingsFromAReplicaTests() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    private List<string> Take()
    {
        lock (_connections)
        {
            var taken = _connections.ToList();
            _connections.Clear();
            return taken;
        }
    }

    [Fact]
    public async Task Listings_and_search_read_the_replica_while_article_pages_and_writes_use_the_primary()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.Server) { Database = TestDatabase.NameFor(directory) };
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Database:Provider"] = "Postgres",
            ["Broadsheet:PageCache:Enabled"] = "false",
            ["ConnectionStrings:Postgres"] = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "bs-primary" }.ConnectionString,
            ["ConnectionStrings:PostgresReadOnly"] = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "bs-replica" }.ConnectionString,
        });
        var section = await app.CreateSectionAsync();
        var article = await app.CreateArticleAsync(section.Str("slug"), new { title = "Ferry timetable changes" });
        var reader = app.Anonymous();
        Take();

        (await reader.GetAsync(BroadsheetApp.PathOf(section))).EnsureSuccessStatusCode();
        var sectionPage = Take();
        (await reader.GetAsync("/search?q=ferry")).EnsureSuccessStatusCode();
        var search = Take();
        (await reader.GetAsync(BroadsheetApp.PathOf(article))).EnsureSuccessStatusCode();
        var articlePage = Take();
        await app.CreateArticleAsync(section.Str("slug"));
        var write = Take();

        Assert.Contains("bs-replica", sectionPage);
        Assert.Contains("bs-replica", search);
        Assert.DoesNotContain("bs-replica", articlePage);
        Assert.Contains("bs-primary", articlePage);
        Assert.DoesNotContain("bs-replica", write);
        Assert.Contains("bs-primary", write);
        TestDatabase.DropDatabase(database.Database!);
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData { Command.Connection: Npgsql.NpgsqlConnection connection })
        {
            var name = new Npgsql.NpgsqlConnectionStringBuilder(connection.ConnectionString).ApplicationName;
            if (name is "bs-primary" or "bs-replica")
            {
                lock (_connections)
                {
                    _connections.Add(name);
                }
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
}
