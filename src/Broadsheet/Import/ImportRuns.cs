using System.Xml;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Broadsheet.Import;

/// <summary>
/// Imports started from /admin/import: the upload is saved to the data directory and imported in the background on
/// the node that took it, its progress written to its <see cref="ImportRun"/> every second for any node to show. One
/// at a time: a second is refused while one runs. A run cut short (the node stopped) can simply be started again:
/// each batch was written whole, and a re-import updates what is there.
/// </summary>
public sealed class ImportRuns(IServiceScopeFactory scopes, IOptions<BroadsheetOptions> site, IOptionsMonitor<ImportOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<ImportRuns> logger, Infrastructure.Jobs.Leases leases)
{
    /// <summary>Held for the whole of an import, from the admin or the command line: one at a time across every node.</summary>
    public const string LeaseName = "import";

    public const string LeaseTaken = "An import is already running (on another node, or from the command line): wait for it to end, then start this one.";

    /// <summary>A run not heard from for this long is taken as stopped.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    public const string ChooseFile = "Please choose a WordPress export: the .xml file from Tools → Export → All content.";

    public long MaxBytes => options.CurrentValue.MaxUploadMegabytes * 1024L * 1024L;

    public static bool IsRunning(ImportRun run, DateTime now) => run.FinishedAt is null && run.UpdatedAt > now - Silence;

    public static Task<List<ImportRun>> RecentAsync(BroadsheetDb db, CancellationToken ct) =>
        db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(10).ToListAsync(ct);

    public async Task<EditResult<ImportRun>> StartAsync(BroadsheetDb db, IFormFile? file, bool fetchPictures, Actor by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (file is null || file.Length == 0)
        {
            return Refused(ChooseFile);
        }
        if (file.Length > MaxBytes)
        {
            return Refused($"This file is {file.Length / 1024.0 / 1024.0:0.#} MB; an export uploaded here may be at most {options.CurrentValue.MaxUploadMegabytes:N0} MB (the command line's `import wxr` takes any size).");
        }
        if ((await RecentAsync(db, ct)).FirstOrDefault(r => IsRunning(r, now)) is { } running)
        {
            return Refused($"An import is already running ({running.FileName}): wait for it to end, then start this one.");
        }
        // The row check above shows what runs; the lease makes two starts at the same moment, on two nodes, one.
        var lease = await leases.TryAcquireAsync(LeaseName, TimeSpan.Zero, ct);
        if (lease is null)
        {
            return Refused(LeaseTaken);
        }
        var folder = Path.Combine(site.Value.DataDirectoryFullPath, "imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.xml");
        await using (var saved = File.Create(path))
        {
            await file.CopyToAsync(saved, ct);
        }
        if (NotAnExport(path) is { } problem)
        {
            File.Delete(path);
            await lease.DisposeAsync();
            return Refused(problem);
        }
        var run = new ImportRun
        {
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 255)] : "export.xml",
            StartedById = by.UserId, StartedAt = now, UpdatedAt = now, TotalBytes = file.Length, FetchPictures = fetchPictures,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        _ = Task.Run(async () =>
        {
            await using (lease)
            {
                await RunAsync(run.Id, path, fetchPictures);
            }
        }, CancellationToken.None);
        return new Saved<ImportRun>(run);
    }

    private static Invalid<ImportRun> Refused(string message) => new(new Dictionary<string, string[]> { ["file"] = [message] });

    /// <summary>Why a file is not a WordPress export (read as far as its first entry), or null.</summary>
    private static string? NotAnExport(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            using var entries = WxrReader.Read(stream).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (XmlException malformed)
        {
            return malformed.Message.StartsWith("This is not", StringComparison.Ordinal) ? malformed.Message
                : malformed.Message.Contains("DTD", StringComparison.Ordinal) ? "This is not a WordPress export: it starts with a DOCTYPE (is it a web page?), which exports never have."
                : $"This file is not a WordPress export that can be read: {malformed.Message}";
        }
    }

    private async Task RunAsync(int id, string path, bool fetchPictures)
    {
        var ct = lifetime.ApplicationStopping;
        ImportProgress? latest = null;
        using var finished = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!finished.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), finished.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (Volatile.Read(ref latest) is { } progress)
                {
                    await WriteAsync(id, run => run.SetProperty(r => r.Bytes, progress.Bytes).SetProperty(r => r.Posts, progress.Posts)
                        .SetProperty(r => r.UpdatedAt, clock.GetUtcNow().UtcDateTime));
                }
            }
        });
        string report;
        bool failed;
        int posts = 0;
        try
        {
            using var scope = scopes.CreateScope();
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var result = await scope.ServiceProvider.GetRequiredService<WxrImport>().ImportAsync(stream, new ImportMedia(null, fetchPictures),
                new Progress(p => Volatile.Write(ref latest, p)), ct);
            var counts = result.Of(ImportedItem.Kinds.Post);
            (report, failed, posts) = (result.ToString(), result.Failure is not null, counts.Imported + counts.Updated);
        }
        catch (Exception stopped) when (stopped is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(stopped, "The import of run {RunId} stopped.", id);
            (report, failed, posts) = ($"The import stopped: {stopped.Message} What was imported before it stays; starting it again updates it and adds the rest.", true, latest?.Posts ?? 0);
        }
        finally
        {
            await finished.CancelAsync();
            await writer;
            File.Delete(path);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await WriteAsync(id, run => run.SetProperty(r => r.FinishedAt, now).SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.Report, report)
            .SetProperty(r => r.Failed, failed).SetProperty(r => r.Posts, posts).SetProperty(r => r.Bytes, r => r.TotalBytes));
    }

    private async Task WriteAsync(int id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ImportRun>> set)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BroadsheetDb>().ImportRuns.Where(r => r.Id == id).ExecuteUpdateAsync(set, CancellationToken.None);
    }

    private sealed class Progress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
