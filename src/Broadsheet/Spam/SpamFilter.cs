using Broadsheet.Infrastructure.Db;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Spam;

/// <summary>
/// The built-in filter: the base model shipped with the application (trained by bench/spam/train on public data),
/// plus the lessons moderators taught it, which live in the database. Verdicts take microseconds and read the
/// model under a shared lock; a lesson takes the exclusive lock for a moment.
/// </summary>
public sealed class SpamFilter : IDisposable
{
    public const string Name = "Broadsheet's own spam filter";
    private const string LessonEvent = "spam-lesson-learned";
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Infrastructure.Redis.SiteEvents _events;
    private readonly ILogger<SpamFilter> _logger;

    public SpamFilter(IServiceScopeFactory scopes, TimeProvider clock, Infrastructure.Redis.SiteEvents events, ILogger<SpamFilter> logger)
    {
        (_scopes, _clock, _events, _logger) = (scopes, clock, events, logger);
        // A lesson learned on another node reaches this one at once, not only at the next sync.
        events.On(LessonEvent, () => _ = SyncSoonAsync());
    }

    private async Task SyncSoonAsync()
    {
        try
        {
            await SyncAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Could not pick up a spam lesson announced by another node; the next sync will.");
        }
    }

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private volatile SpamModel? _model;
    private long _lastLesson;

    public async Task<SpamVerdict> JudgeAsync(SpamInput input, CancellationToken ct)
    {
        var model = await ModelAsync(ct);
        var features = TextFeatures.Extract(input.Body);
        _lock.EnterReadLock();
        try
        {
            return model.Judge(input, features);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Records a moderator's verdict and learns it at once.</summary>
    public async Task LearnAsync(int? commentId, string text, string name, bool spam, bool filterSaidSpam, CancellationToken ct)
    {
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
            db.Add(new SpamLesson { CommentId = commentId, Text = text, Name = name, Spam = spam, FilterSaidSpam = filterSaidSpam, CreatedAt = _clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }
        await SyncAsync(ct);
        _events.Publish(LessonEvent);
    }

    /// <summary>Applies lessons recorded since the last sync (by this node or another).</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var model = await ModelAsync(ct);
        await _syncing.WaitAsync(ct);
        try
        {
            await ApplyLessonsAsync(model, ct);
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <summary>The model, loaded and brought up to date with every lesson before anyone may use it.</summary>
    private async Task<SpamModel> ModelAsync(CancellationToken ct)
    {
        if (_model is { } loaded)
        {
            return loaded;
        }
        await _syncing.WaitAsync(ct);
        try
        {
            if (_model is null)
            {
                await using var stream = typeof(SpamFilter).Assembly.GetManifestResourceStream("Broadsheet.Spam.base-model.bin")
                    ?? throw new InvalidOperationException("The spam filter's base model is missing from the build.");
                var model = SpamModel.Read(stream);
                await ApplyLessonsAsync(model, ct);
                _model = model;
            }
            return _model;
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <summary>Called with <see cref="_syncing"/> held.</summary>
    private async Task ApplyLessonsAsync(SpamModel model, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var lessons = await db.SpamLessons.AsNoTracking().Where(l => l.Id > _lastLesson).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Text, l.Spam, l.Features }).ToListAsync(ct);
        foreach (var lesson in lessons)
        {
            var features = lesson.Features is { } digest ? SpamLesson.FeaturesOf(digest) : TextFeatures.Extract(lesson.Text);
            _lock.EnterWriteLock();
            try
            {
                model.Learn(features, lesson.Spam);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
            _lastLesson = lesson.Id;
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        _syncing.Dispose();
    }
}
