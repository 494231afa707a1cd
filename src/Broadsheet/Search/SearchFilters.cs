using System.Globalization;
using Broadsheet.Articles;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Sections;
using Broadsheet.Site;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Search;

/// <summary>The filters as the search page and the API take them: section and byline slugs, dates as yyyy-MM-dd.</summary>
public sealed record SearchFilterInput(string? Section, string? Author, string? From, string? To);

/// <summary>
/// Turns the filters readers choose into an <see cref="ArticleFilter"/>: a section with its subsections, a byline,
/// and days in the site's time zone from the start of "from" to the end of "to". Each mistake gets its field's message.
/// </summary>
public sealed class SearchFilters(SectionTreeCache sections, BroadsheetDb db, SiteClock clock)
{
    public async Task<(ArticleFilter Filter, FieldErrors Errors)> ResolveAsync(SearchFilterInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        IReadOnlyList<int>? sectionIds = null;
        if (!string.IsNullOrWhiteSpace(input.Section))
        {
            var tree = await sections.GetAsync(ct);
            if ((tree.ByPath(input.Section.Trim('/')) ?? tree.BySlug(input.Section.Trim())) is { } section)
            {
                sectionIds = tree.SubtreeIds(section.Id);
            }
            else
            {
                errors.Add("section", $"There is no section “{input.Section}”.");
            }
        }
        int? authorId = null;
        if (!string.IsNullOrWhiteSpace(input.Author))
        {
            var slug = input.Author.Trim();
            authorId = await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
            if (authorId is null)
            {
                errors.Add("author", $"There is no byline “{input.Author}”.");
            }
        }
        var from = Day(input.From, "from", errors);
        var to = Day(input.To, "to", errors);
        if (from is { } first && to is { } last && last < first)
        {
            errors.Add("to", "The end date must not be before the start date.");
        }
        return (new ArticleFilter(
            SectionIds: sectionIds, AuthorId: authorId,
            From: from is { } f ? clock.StartOfLocalDayUtc(f) : null,
            Until: to is { } t ? clock.StartOfLocalDayUtc(t.AddDays(1)) : null), errors);
    }

    private static DateTime? Day(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 1900 and <= 9998)
        {
            return day;
        }
        errors.Add(field, "Please enter a date as YYYY-MM-DD, for example 2026-03-14.");
        return null;
    }
}
