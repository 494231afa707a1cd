using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Redis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Sections;

public sealed record SectionNode(int Id, string Name, string Slug, string Path, int? ParentId, int Position)
{
    public string Url => SitePaths.Section(Path);
}

/// <summary>
/// All sections at once: a newsroom has tens of them, and every page needs the navigation, breadcrumbs or a
/// section's subtree, so one small snapshot serves them all without a query each.
/// </summary>
public sealed class SectionTree
{
    private readonly Dictionary<int, SectionNode> _byId;
    private readonly Dictionary<string, SectionNode> _byPath;
    private readonly Dictionary<string, SectionNode> _bySlug;
    private readonly ILookup<int?, SectionNode> _children;

    public SectionTree(IEnumerable<SectionNode> sections)
    {
        var ordered = sections.OrderBy(s => s.Position).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
        _byId = ordered.ToDictionary(s => s.Id);
        _byPath = ordered.ToDictionary(s => s.Path, StringComparer.Ordinal);
        _bySlug = ordered.ToDictionary(s => s.Slug, StringComparer.Ordinal);
        _children = ordered.ToLookup(s => s.ParentId);
        All = ordered;
    }

    public IReadOnlyList<SectionNode> All { get; }

    public IEnumerable<SectionNode> TopLevel => _children[null];

    public SectionNode? ById(int id) => _byId.GetValueOrDefault(id);

    public SectionNode? ByPath(string path) => _byPath.GetValueOrDefault(path);

    public SectionNode? BySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    public IEnumerable<SectionNode> Children(int id) => _children[id];

    /// <summary>The section and all sections under it: a section's pages include its subsections' articles.</summary>
    public IReadOnlyList<int> SubtreeIds(int id)
    {
        var ids = new List<int>();
        var pending = new Stack<int>([id]);
        while (pending.TryPop(out var next))
        {
            ids.Add(next);
            foreach (var child in _children[next])
            {
                pending.Push(child.Id);
            }
        }
        return ids;
    }

    /// <summary>From the top-level section down to this one.</summary>
    public IReadOnlyList<SectionNode> Trail(int id)
    {
        var trail = new List<SectionNode>();
        for (var node = ById(id); node is not null; node = node.ParentId is { } parent ? ById(parent) : null)
        {
            trail.Insert(0, node);
        }
        return trail;
    }
}

/// <summary>
/// Keeps the current <see cref="SectionTree"/>; section edits invalidate it at once on every node (announced through
/// <see cref="SiteEvents"/>), and it expires on its own.
/// </summary>
public sealed class SectionTreeCache
{
    private const string Key = "sections:tree";
    private const string ChangedEvent = "sections-changed";
    private readonly IServiceScopeFactory _scopes;
    private readonly IMemoryCache _cache;
    private readonly SiteEvents _events;

    public SectionTreeCache(IServiceScopeFactory scopes, IMemoryCache cache, SiteEvents events)
    {
        (_scopes, _cache, _events) = (scopes, cache, events);
        events.On(ChangedEvent, Forget);
    }

    public async Task<SectionTree> GetAsync(CancellationToken ct)
    {
        if (_cache.TryGetValue(Key, out SectionTree? tree) && tree is not null)
        {
            return tree;
        }
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BroadsheetDb>();
        var nodes = await db.Sections.AsNoTracking()
            .Select(s => new SectionNode(s.Id, s.Name, s.Slug, s.Path, s.ParentId, s.Position))
            .ToListAsync(ct);
        tree = new SectionTree(nodes);
        _cache.Set(Key, tree, TimeSpan.FromSeconds(30));
        return tree;
    }

    public void Invalidate()
    {
        Forget();
        _events.Publish(ChangedEvent);
    }

    private void Forget() => _cache.Remove(Key);
}
