using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// Tags and authors are given by name (PRODUCT.md: unknown names are created); the slug of the name is the key.
/// </summary>
public static class NamedEntities
{
    public static async Task<List<T>> FindOrCreateAsync<T>(
        DbSet<T> set, IEnumerable<string> names, Func<string, string, T> create, CancellationToken ct)
        where T : class
    {
        var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0)
            .Select(n => (Name: n, Slug: Slug.From(n))).Where(n => n.Slug.Length > 0)
            .DistinctBy(n => n.Slug).ToList();
        var slugs = wanted.Select(w => w.Slug).ToList();
        var existing = await set.Where(e => slugs.Contains(EF.Property<string>(e, "Slug")))
            .ToDictionaryAsync(e => set.Entry(e).Property<string>("Slug").CurrentValue, ct);
        return wanted.Select(w => existing.GetValueOrDefault(w.Slug) ?? set.Add(create(w.Name, w.Slug)).Entity).ToList();
    }
}
