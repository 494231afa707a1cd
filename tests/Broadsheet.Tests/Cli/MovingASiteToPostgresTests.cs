using System.Net.Http.Json;
using System.Text.Json;
using Broadsheet.Cli;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Cli;

/// <summary>
/// `database copy --to-postgres`: a site on SQLite moves into an empty PostgreSQL database and reads the same there.
/// Both legs of the matrix run it from a SQLite site, into the PostgreSQL server ./test.sh started.
/// </summary>
public sealed class MovingASiteToPostgresTests
{
    private static async Task<Dictionary<string, int>> RowCountsAsync(BroadsheetApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var counts = new Dictionary<string, int>();
        foreach (var table in db.Model.GetEntityTypes().Where(t => t.FindOwnership() is null).Select(t => t.GetTableName()!).Distinct())
        {
            var count = $"SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM \"{table}\"";
            counts[table] = await db.Database.SqlQueryRaw<int>(count).SingleAsync();
        }
        return counts;
    }

    private static async Task<string> ReadAsync(BroadsheetApp app, string path) =>
        JsonSerializer.Serialize(await app.Editor().GetFromJsonAsync<JsonElement>(path));

    [Fact]
    public async Task Every_table_arrives_with_its_ids_and_the_site_reads_and_writes_the_same_on_postgres()
    {
        var sqliteDirectory = BroadsheetApp.NewDataDirectory();
        var target = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.Server) { Database = TestDatabase.NameFor(sqliteDirectory + "-moved") }.ConnectionString;
        var read = new[] { "/api/v1/sections", "/api/v1/articles?limit=50", "/api/v1/tags", "/api/v1/authors" };
        Dictionary<string, int> before;
        List<string> pagesBefore = [];
        int articleId;
        using (var sqlite = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:Database:Provider"] = "Sqlite" }, sqliteDirectory))
        {
            var europe = await sqlite.CreateSectionAsync("Europe");
            var russia = await sqlite.CreateSectionAsync("Russia", parent: europe.Str("slug"));
            var article = await sqlite.CreateArticleAsync(russia.Str("slug"), new { tags = new[] { "Energy" }, authors = new[] { "Ada Byrne" } });
            await sqlite.CreateArticleAsync(europe.Str("slug"));
            articleId = article.Id();
            var first = await BroadsheetApp.ExpectJsonAsync(await sqlite.Anonymous().PostAsJsonAsync($"/api/v1/articles/{articleId}/comments",
                new { comment = "The pipeline question deserves an answer.", name = "Rita", email = "rita@example.org" }), 201);
            await sqlite.Editor().PostAsync($"/api/v1/comments/{first.Id()}/approve", null);
            sqlite.Clock.Advance(TimeSpan.FromMinutes(1));
            await sqlite.Anonymous().PostAsJsonAsync($"/api/v1/articles/{articleId}/comments",
                new { comment = "It does, and the minister owes one.", name = "Rita", email = "rita@example.org", parentId = first.Id() });
            using (var reader = new HttpRequestMessage(HttpMethod.Get, BroadsheetApp.PathOf(article)))
            {
                reader.Headers.UserAgent.ParseAdd("Mozilla/5.0 Reader/1.0");
                (await sqlite.Anonymous().SendAsync(reader)).EnsureSuccessStatusCode();
            }
            await sqlite.FlushViewsAsync();
            before = await RowCountsAsync(sqlite);
            foreach (var path in read.Append($"/api/v1/articles/{articleId}/comments").Append($"/api/v1/articles/{articleId}"))
            {
                pagesBefore.Add(await ReadAsync(sqlite, path));
            }
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BroadsheetCli.RunAsync(["database", "copy", "--to-postgres", target], output, error,
            new Dictionary<string, string?> { ["Broadsheet:DataDirectory"] = sqliteDirectory });
        var again = await BroadsheetCli.RunAsync(["database", "copy", "--to-postgres", target], TextWriter.Null, error,
            new Dictionary<string, string?> { ["Broadsheet:DataDirectory"] = sqliteDirectory });

        using (var postgres = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = target,
        }))
        {
            var after = await RowCountsAsync(postgres);
            var pagesAfter = new List<string>();
            foreach (var path in read.Append($"/api/v1/articles/{articleId}/comments").Append($"/api/v1/articles/{articleId}"))
            {
                pagesAfter.Add(await ReadAsync(postgres, path));
            }
            var section = await postgres.CreateSectionAsync("Asia");
            var newArticle = await postgres.CreateArticleAsync(section.Str("slug"));

            Assert.True(exit == 0, error.ToString());
            Assert.Equal(1, again);
            Assert.Contains("already holds a site", error.ToString());
            Assert.Equal(before.OrderBy(kv => kv.Key), after.OrderBy(kv => kv.Key));
            Assert.True(before["Comments"] == 2 && before["ArticleViews"] == 1 && before["SiteSecrets"] == 1, string.Join(", ", before));
            Assert.Equal(pagesBefore, pagesAfter);
            Assert.True(newArticle.Id() > articleId, "new ids continue after the copied ones");
        }
        BroadsheetApp.DeleteDataDirectory(sqliteDirectory);
        TestDatabase.DropDatabase(TestDatabase.NameFor(sqliteDirectory + "-moved"));
    }
}
