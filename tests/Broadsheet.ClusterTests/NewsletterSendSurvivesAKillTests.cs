using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Broadsheet.ClusterTests;

/// <summary>A cluster whose nodes send mail to a real SMTP relay on loopback (python3-aiosmtpd, saving to a Maildir).</summary>
public sealed class ClusterWithMail : Cluster
{
    private readonly string _maildir = Path.Combine(Path.GetTempPath(), "broadsheet-cluster-mail", Guid.NewGuid().ToString("N")[..12]);
    private readonly int _smtpPort = FreePort();
    private Process? _relay;

    public const int MessagesPerSecond = 100;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Broadsheet__Notifications__SmtpHost"] = "127.0.0.1",
        ["Broadsheet__Notifications__SmtpPort"] = _smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Broadsheet__Notifications__From"] = "The Gazette <newsroom@news.example.org>",
        ["Broadsheet__Newsletters__MessagesPerSecond"] = MessagesPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Broadsheet__Newsletters__BatchSize"] = "50",
    };

    public override async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_maildir)!);
        _relay = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{_smtpPort}", "-c", "aiosmtpd.handlers.Mailbox", _maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("Could not start python3 -m aiosmtpd (apt-get install python3-aiosmtpd).");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_relay is { HasExited: false })
        {
            _relay.Kill();
            await _relay.WaitForExitAsync();
        }
        _relay?.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(_maildir))
        {
            Directory.Delete(_maildir, recursive: true);
        }
    }

    /// <summary>SIGSTOP to the relay: it takes nothing more, and senders wait on it, until <see cref="ResumeRelay"/>.</summary>
    public void PauseRelay() => Signal("-STOP");

    public void ResumeRelay() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _relay!.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The To and Message-ID of every message the relay has taken.</summary>
    public IReadOnlyList<(string To, string MessageId)> Received()
    {
        var folder = Path.Combine(_maildir, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return [.. Directory.GetFiles(folder).Select(file =>
        {
            var headers = File.ReadLines(file).TakeWhile(l => l.Length > 0).ToList();
            string Header(string name) => headers.First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();
            return (Header("To"), Header("Message-ID"));
        })];
    }
}

/// <summary>A newsletter send is a durable job: the node sending it killed mid-send, the other finishes it, nobody twice, nobody skipped.</summary>
public sealed class NewsletterSendSurvivesAKillTests(ClusterWithMail cluster) : IClassFixture<ClusterWithMail>
{
    private const int Subscribers = 400;

    [Fact]
    public async Task Killing_the_node_that_sends_mid_send_leaves_the_other_to_finish_and_every_subscriber_gets_the_alert_exactly_once()
    {
        using var reader = Cluster.Client(cluster.Proxy);
        (await reader.GetAsync("/newsletters/")).EnsureSuccessStatusCode();
        await AddConfirmedSubscribersAsync();
        var article = await Cluster.CreateArticleAsync(cluster.B);
        var sender = await LeaseHolderAsync();
        var other = sender == cluster.A ? cluster.B : cluster.A;

        using var editor = Cluster.Client(other.Url, editor: true);
        var started = await Cluster.ExpectJsonAsync(await editor.PostAsJsonAsync("/api/v1/newsletters/alerts", new { articleId = article.GetProperty("id").GetInt32() }), 200);
        try
        {
            await Cluster.WaitUntilAsync(() => Task.FromResult(cluster.Received().Count >= Subscribers / 4), "a quarter of the messages to reach the relay", seconds: 60);
        }
        catch (TimeoutException)
        {
            await File.WriteAllTextAsync("/tmp/cluster-logs.txt", cluster.Logs);
            throw;
        }
        // Killed while it waits on the relay, where a sender spends its time: the relay is paused, the node dies, the
        // relay goes on with whatever reached it. (Decision 0026 says what is left: the instant between marking a
        // message handed over and writing its end.)
        cluster.PauseRelay();
        await Task.Delay(500);
        sender.Kill();
        cluster.ResumeRelay();
        await Task.Delay(500);
        var atTheKill = cluster.Received().Count;
        await Cluster.WaitUntilAsync(async () => await LeaseHolderAsync() == other, "the other node to take the sender's lease", seconds: 60);
        try
        {
            await Cluster.WaitUntilAsync(async () => await UnfinishedAsync() == 0 && cluster.Received().Count >= Subscribers, "the other node to finish the send", seconds: 120);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Received {cluster.Received().Count}, unfinished {await UnfinishedAsync()}, {atTheKill} at the kill; not received: {await MissingAsync()}");
        }
        await Task.Delay(1000);
        var received = cluster.Received();

        Assert.Equal(Subscribers, started.GetProperty("recipients").GetInt32());
        Assert.InRange(atTheKill, Subscribers / 4, Subscribers - 1);
        Assert.Equal(Subscribers, received.Count);
        Assert.Equal(Subscribers, received.Select(m => m.To.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Subscribers).Select(Address).Order(), received.Select(m => m.To.ToLowerInvariant()).Order());
        Assert.Equal(Subscribers, received.Select(m => m.MessageId).Distinct().Count());
    }

    private static string Address(int n) => $"reader{n:000}@example.org";

    private async Task<Cluster.Node> LeaseHolderAsync()
    {
        Cluster.Node? holder = null;
        await Cluster.WaitUntilAsync(async () => (holder = await cluster.LeaseHolderAsync("newsletter-sender")) is not null, "a node to hold the sender's lease");
        return holder!;
    }

    /// <summary>Readers who signed up and confirmed long ago: written straight to the database, 400 confirmations being another test's subject.</summary>
    private async Task AddConfirmedSubscribersAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "Subscribers" ("Email", "CreatedAt", "ConfirmedAt", "PendingListIds")
            SELECT 'reader' || lpad(n::text, 3, '0') || '@example.org', now(), now(), '' FROM generate_series(0, @last) AS n;
            INSERT INTO "Subscriptions" ("SubscriberId", "ListId", "SubscribedAt")
            SELECT s."Id", l."Id", now() FROM "Subscribers" s CROSS JOIN "NewsletterLists" l WHERE l."Slug" = 'breaking';
            """;
        insert.Parameters.AddWithValue("last", Subscribers - 1);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>The deliveries of the addresses the relay has not seen, as the database has them.</summary>
    private async Task<string> MissingAsync()
    {
        var seen = cluster.Received().Select(m => m.To.ToLowerInvariant()).ToHashSet();
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT s."Email", d."State", d."Attempts", d."HandedAt", d."Error" FROM "NewsletterDeliveries" d JOIN "Subscribers" s ON s."Id" = d."SubscriberId"
            """;
        var missing = new List<string>();
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            if (!seen.Contains(rows.GetString(0)))
            {
                missing.Add($"{rows.GetString(0)} state {rows.GetInt32(1)} attempts {rows.GetInt32(2)} handed {(rows.IsDBNull(3) ? "-" : rows.GetDateTime(3).ToString("O", CultureInfo.InvariantCulture))} {(rows.IsDBNull(4) ? "" : rows.GetString(4))}");
            }
        }
        return string.Join("; ", missing);
    }

    private async Task<long> UnfinishedAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "NewsletterSends" WHERE "FinishedAt" IS NULL""";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
