using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Broadsheet.Newsletters;

/// <summary>A list as forms and pages show it.</summary>
public sealed record ListChoice(int Id, string Name, string? Description, NewsletterKind Kind, int? SectionId);

/// <summary>What an editor types for a list.</summary>
public sealed record ListInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// <summary>A digest of this section's slug; empty for the whole site (or for an alert).</summary>
    public string? Section { get; init; }

    /// <summary>"07:00": when a digest goes, in the site's time zone.</summary>
    public string? SendAt { get; init; }

    public bool SendsAutomatically { get; init; }
}

/// <summary>The newsletters: those readers may join, and an editor's creating, renaming and retiring them.</summary>
public sealed class NewsletterLists(
    BroadsheetDb db, TimeProvider clock, Sections.SectionTreeCache sections, IMemoryCache cache,
    Microsoft.Extensions.Options.IOptionsMonitor<Comments.NotificationsOptions> mail)
{
    public const string NoMailMessage = "Newsletters are not available on this site yet: it has no mail server to send them.";

    /// <summary>Newsletters need the SMTP relay of Broadsheet:Notifications: without one, no form offers them.</summary>
    public bool CanSend => mail.CurrentValue.Enabled;

    private const string FormCacheKey = "newsletter-form-lists";

    /// <summary>
    /// The lists a page's sign-up form offers: the site's own, and those of the page's section and the sections it
    /// sits in. Kept for half a minute (pages are cached longer anyway); the sign-up itself checks the lists afresh.
    /// </summary>
    public async Task<IReadOnlyList<ListChoice>> ForFormAsync(int? sectionId, CancellationToken ct)
    {
        if (!CanSend)
        {
            return [];
        }
        var open = await cache.GetOrCreateAsync(FormCacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            return await OpenAsync(ct);
        }) ?? [];
        var trail = sectionId is { } id ? (await sections.GetAsync(ct)).Trail(id).Select(s => s.Id).ToHashSet() : [];
        return [.. open.Where(l => l.SectionId is null || trail.Contains(l.SectionId.Value))];
    }

    public const string DigestSlug = "daily";
    public const string AlertSlug = "breaking";

    /// <summary>
    /// Who receives a list's mail now: subscriptions not left, of confirmed addresses not stopped by a bounce or
    /// complaint. (Starting a send writes the same rule in one INSERT … SELECT, NewsletterEditions.StartAsync.)
    /// </summary>
    public static IQueryable<Subscription> Receiving(BroadsheetDb db) =>
        db.Subscriptions.Where(s => s.LeftAt == null && db.Subscribers.Any(r => r.Id == s.SubscriberId && r.ConfirmedAt != null && r.StoppedAt == null));

    /// <summary>The lists open to sign-ups, digest and alert first, then the sections' in name order.</summary>
    public async Task<IReadOnlyList<ListChoice>> OpenAsync(CancellationToken ct)
    {
        await EnsureDefaultsAsync(ct);
        var lists = await db.NewsletterLists.AsNoTracking().Where(l => l.RetiredAt == null)
            .Select(l => new ListChoice(l.Id, l.Name, l.Description, l.Kind, l.SectionId)).ToListAsync(ct);
        return [.. lists.OrderBy(l => l.SectionId is null ? 0 : 1).ThenBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>
    /// The site's first lists, made the first time anything asks: a daily digest of everything (sent by itself at
    /// seven in the morning) and the breaking-news alert. Retiring them does not bring them back.
    /// </summary>
    public async Task EnsureDefaultsAsync(CancellationToken ct)
    {
        if (await db.NewsletterLists.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.NewsletterLists.AddRange(
            new NewsletterList
            {
                Slug = DigestSlug, Name = "The daily briefing", Kind = NewsletterKind.Digest, SendsAutomatically = true, CreatedAt = now,
                Description = "Every morning: the stories we published in the last day.",
            },
            new NewsletterList
            {
                Slug = AlertSlug, Name = "Breaking news", Kind = NewsletterKind.Alert, CreatedAt = now,
                Description = "An email the moment a big story breaks, and only then.",
            });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request (or node) made them first.
            db.ChangeTracker.Clear();
        }
    }

    public async Task<EditResult<NewsletterList>> CreateAsync(ListInput input, CancellationToken ct)
    {
        var list = new NewsletterList { Slug = "", Name = "", Kind = NewsletterKind.Digest, CreatedAt = clock.GetUtcNow().UtcDateTime };
        if (await ApplyAsync(list, input, ct) is { Count: > 0 } errors)
        {
            return new Invalid<NewsletterList>(errors);
        }
        var slug = Slug.From(list.Name) is { Length: > 0 } made ? made : "list";
        var taken = await db.NewsletterLists.Where(l => l.Slug.StartsWith(slug)).Select(l => l.Slug).ToListAsync(ct);
        list.Slug = Enumerable.Range(1, taken.Count + 1).Select(n => n == 1 ? slug : $"{slug}-{n}").First(s => !taken.Contains(s));
        db.NewsletterLists.Add(list);
        await db.SaveChangesAsync(ct);
        cache.Remove(FormCacheKey);
        return new Saved<NewsletterList>(list);
    }

    public async Task<EditResult<NewsletterList>> UpdateAsync(int id, ListInput input, CancellationToken ct)
    {
        if (await db.NewsletterLists.FindAsync([id], ct) is not { } list)
        {
            return new Missing<NewsletterList>();
        }
        if (await ApplyAsync(list, input, ct) is { Count: > 0 } errors)
        {
            return new Invalid<NewsletterList>(errors);
        }
        await db.SaveChangesAsync(ct);
        cache.Remove(FormCacheKey);
        return new Saved<NewsletterList>(list);
    }

    /// <summary>Retires a list (no more sign-ups or sends) or opens it again.</summary>
    public async Task<EditResult<NewsletterList>> RetireAsync(int id, bool retire, CancellationToken ct)
    {
        if (await db.NewsletterLists.FindAsync([id], ct) is not { } list)
        {
            return new Missing<NewsletterList>();
        }
        list.RetiredAt = retire ? list.RetiredAt ?? clock.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(ct);
        cache.Remove(FormCacheKey);
        return new Saved<NewsletterList>(list);
    }

    private async Task<Dictionary<string, string[]>> ApplyAsync(NewsletterList list, ListInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = CleanText.Line(input.Name ?? "");
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["Please give the newsletter a name."];
        }
        else if (name.Length > NewsletterList.NameMaxLength)
        {
            errors["name"] = [$"The name can be at most {NewsletterList.NameMaxLength} characters."];
        }
        var description = CleanText.Line(input.Description ?? "");
        if (description.Length > NewsletterList.DescriptionMaxLength)
        {
            errors["description"] = [$"The description can be at most {NewsletterList.DescriptionMaxLength} characters."];
        }
        int? sectionId = null;
        if (!string.IsNullOrWhiteSpace(input.Section))
        {
            if ((await sections.GetAsync(ct)).BySlug(input.Section.Trim()) is { } section)
            {
                sectionId = section.Id;
            }
            else
            {
                errors["section"] = [$"There is no section '{input.Section.Trim()}'."];
            }
        }
        var minutes = list.SendAtMinutes;
        if (!string.IsNullOrWhiteSpace(input.SendAt))
        {
            if (TimeOnly.TryParseExact(input.SendAt.Trim(), ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var time))
            {
                minutes = time.Hour * 60 + time.Minute;
            }
            else
            {
                errors["sendAt"] = ["Please give the time as hours and minutes, such as 07:00."];
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        list.Name = name;
        list.Description = string.IsNullOrEmpty(description) ? null : description;
        if (list.Kind == NewsletterKind.Digest)
        {
            list.SectionId = sectionId;
            list.SendAtMinutes = minutes;
            list.SendsAutomatically = input.SendsAutomatically;
        }
        return errors;
    }

    public static string SendAtText(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
