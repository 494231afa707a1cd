using System.Globalization;
using Broadsheet.Articles;

namespace Broadsheet.Admin.Articles;

/// <summary>
/// The editor's fields as the browser sends them: tags and bylines as comma-separated names, the publication time
/// in the site's time zone. <see cref="ToInput"/> turns them into the <see cref="ArticleInput"/> the API takes too.
/// </summary>
public sealed record ArticleForm
{
    public string? Title { get; init; }
    public string? Slug { get; init; }
    public string? Dek { get; init; }
    public string? Body { get; init; }
    public string? Section { get; init; }
    public string? Tags { get; init; }
    public string? Authors { get; init; }
    public string? MetaDescription { get; init; }

    /// <summary>Leads the front page (a checkbox: absent is false).</summary>
    public bool Pinned { get; init; }

    /// <summary>The media library's id of the featured image; 0 or empty for none.</summary>
    public int? FeaturedImage { get; init; }

    /// <summary>A different picture for link previews; 0 or empty for the featured one.</summary>
    public int? SocialImage { get; init; }

    /// <summary>yyyy-MM-ddTHH:mm, as &lt;input type="datetime-local"&gt; sends it, in the site's time zone.</summary>
    public string? PublishedAt { get; init; }

    /// <summary>The desk's stage (Broadsheet:Workflow:Stages).</summary>
    public string? Stage { get; init; }

    /// <summary>The member writing it; 0 or empty for nobody.</summary>
    public int? AssigneeId { get; init; }

    /// <summary>The editor looking after it; 0 or empty for nobody.</summary>
    public int? EditorId { get; init; }

    /// <summary>As <see cref="PublishedAt"/>; empty for no embargo.</summary>
    public string? EmbargoUntil { get; init; }

    /// <summary>The version the editor started from; 0 for a new article.</summary>
    public int Version { get; init; }

    public const string LocalTimeFormat = "yyyy-MM-ddTHH:mm";

    public static ArticleForm From(Article a, TimeZoneInfo zone) => new()
    {
        Title = a.Title,
        Slug = a.Slug,
        Dek = a.Dek,
        Body = a.BodyMarkdown,
        Section = a.Section.Slug,
        Tags = string.Join(", ", a.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)),
        Authors = string.Join(", ", a.Authors.Select(x => x.Name).Order(StringComparer.Ordinal)),
        MetaDescription = a.MetaDescription,
        Pinned = a.Pinned,
        FeaturedImage = a.FeaturedImageId,
        SocialImage = a.SocialImageId,
        PublishedAt = Local(a.PublishedAt, zone),
        Stage = a.Stage,
        AssigneeId = a.AssigneeId,
        EditorId = a.DeskEditorId,
        EmbargoUntil = Local(a.EmbargoUntil, zone),
        Version = a.Version,
    };

    private static string? Local(DateTime? utc, TimeZoneInfo zone) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString(LocalTimeFormat, CultureInfo.InvariantCulture)
        : null;

    /// <summary>A datetime-local value read in the site's time zone; null (and a message) when it cannot be read.</summary>
    private static DateTimeOffset? Utc(string? local, TimeZoneInfo zone, string field, FieldErrorsSink errors)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }
        if (DateTime.TryParseExact(local.Trim(), [LocalTimeFormat, "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        }
        errors(field, "Please give the date and time as the field's calendar offers them.");
        return null;
    }

    /// <summary>
    /// What the button asks for: "save" keeps the status, "review" submits a draft, "publish" publishes now (or keeps
    /// an earlier publication time), "schedule" publishes at the time given, "unpublish" takes it back to a draft.
    /// </summary>
    public ArticleInput ToInput(string intent, TimeZoneInfo zone, DateTime now, FieldErrorsSink errors)
    {
        var publishedAt = Utc(PublishedAt, zone, "publishedAt", errors);
        var embargo = Utc(EmbargoUntil, zone, "embargoUntil", errors);
        (string? Status, bool? InReview, DateTimeOffset? Time) change = intent switch
        {
            "publish" => ("published", false, publishedAt is { } p && p.UtcDateTime <= now ? p : new DateTimeOffset(now, TimeSpan.Zero)),
            "schedule" => ("scheduled", false, publishedAt),
            "unpublish" => ("draft", false, null),
            "review" => ("draft", true, null),
            _ => (null, null, publishedAt),
        };
        if (intent == "schedule" && (publishedAt is null || publishedAt.Value.UtcDateTime <= now))
        {
            errors("publishedAt", "Choose a time in the future to schedule the article.");
        }
        return new ArticleInput
        {
            Title = Title ?? "",
            Slug = string.IsNullOrWhiteSpace(Slug) ? null : Slug.Trim(),
            Dek = Dek ?? "",
            Body = Body ?? "",
            Section = Section ?? "",
            Tags = Names(Tags),
            Authors = Names(Authors),
            MetaDescription = MetaDescription ?? "",
            Pinned = Pinned,
            FeaturedImage = FeaturedImage ?? 0,
            SocialImage = SocialImage ?? 0,
            Status = change.Status,
            InReview = change.InReview,
            PublishedAt = change.Time,
            // "Submit for review" moves the article to the review stage, whatever the stage field says.
            Stage = intent == "review" || string.IsNullOrWhiteSpace(Stage) ? null : Stage,
            AssigneeId = AssigneeId ?? 0,
            EditorId = EditorId ?? 0,
            EmbargoUntil = embargo is { } until ? until.ToString("O", CultureInfo.InvariantCulture) : "",
        };
    }

    private static List<string> Names(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>Where <see cref="ArticleForm.ToInput"/> reports a field it cannot read.</summary>
public delegate void FieldErrorsSink(string field, string message);
