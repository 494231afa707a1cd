using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Redis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Broadsheet.Popular;

public sealed record PopularArticle(int ArticleId, string Title, string Url, long Views);

/// <summary>
/// The most viewed public articles of a window. Every page shows the list, so it is computed at most once a
/// minute, or right after new counts were saved.
/// </summary>
public sealed class PopularQueries : IDisposable
{
    private const string CountsSavedEvent = "popular-counts-saved";
    private readonly IServiceScopeFactory _scopes;
    private readonly IMemoryCache _cache;
    private readonly TimeProvider _clock;
    private readonly IOptionsMonitor<PopularOptions> _options;
    private readonly SiteEvents _events;
    private CancellationTokenSource _generation = new();

    public PopularQueries(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock, IOptionsMonitor<PopularOptions> options, SiteEvents events)
    {
        (_scopes, _cache, _clock, _options, _events) = (scopes, cache, clock, options, events);
        events.On(CountsSavedEvent, Forget);
    }

    public Task<IReadOnlyList<PopularArticle>> MostPopularAsync(CancellationToken ct) =>
        TopAsync(TimeSpan.FromDays(_options.CurrentValue.WindowDays), _options.CurrentValue.Size, ct);

    public async Task<IReadOnlyList<PopularArticle>> TopAsync(TimeSpan window, int size, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        // Buckets are hours, so a list computed in this hour stays right until new counts arrive or the hour ends.
        var key = $"popular:{window.Ticks}:{size}:{now:yyyyMMddHH}";
        if (_cache.TryGetValue(key, out IReadOnlyList<PopularArticle>? top) && top is not null)
        {
            return top;
        }
        var since = now - window;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var counts = await db.ArticleViews.AsNoTracking()
            .Where(v => v.HourStart >= since.AddHours(-1) && v.HourStart <= now)
            .GroupBy(v => v.ArticleId)
            .Select(g => new { ArticleId = g.Key, Views = g.Sum(v => v.Views) })
            .OrderByDescending(g => g.Views).ThenByDescending(g => g.ArticleId)
            .Take(size * 4)
            .ToListAsync(ct);
        var ids = counts.Select(c => c.ArticleId).ToList();
        var articles = await db.Articles.AsNoTracking()
            .Where(ArticleStatuses.IsPublic(now)).Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.Slug, a.Section.Path })
            .ToDictionaryAsync(a => a.Id, ct);
        top = [.. counts.Where(c => articles.ContainsKey(c.ArticleId)).Take(size).Select(c =>
        {
            var a = articles[c.ArticleId];
            return new PopularArticle(a.Id, a.Title, SitePaths.Article(a.Path, a.Slug), c.Views);
        })];
        _cache.Set(key, top, new MemoryCacheEntryOptions()
            .SetAbsoluteExpiration(TimeSpan.FromMinutes(1))
            .AddExpirationToken(new Microsoft.Extensions.Primitives.CancellationChangeToken(_generation.Token)));
        return top;
    }

    public void Dispose() => _generation.Dispose();

    /// <summary>Drops every cached list, on every node; the flusher calls it after saving new counts.</summary>
    public void Invalidate()
    {
        Forget();
        _events.Publish(CountsSavedEvent);
    }

    private void Forget()
    {
        var old = Interlocked.Exchange(ref _generation, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }
}
