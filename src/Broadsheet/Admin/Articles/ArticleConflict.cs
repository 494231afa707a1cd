using Broadsheet.Articles;

namespace Broadsheet.Admin.Articles;

/// <summary>Two versions of one article: the colleague's, saved first, and this editor's, not saved; each field that differs.</summary>
public sealed record ArticleConflict(int TheirVersion, string TheirName, DateTime TheirTime, IReadOnlyList<string> ChangedFields, SideBySide Body)
{
    public static ArticleConflict Between(Article theirs, ArticleForm mine, string theirName)
    {
        var changed = new List<string>();
        void Compare(string field, string? a, string? b)
        {
            if ((a ?? "").Trim() != (b ?? "").Trim())
            {
                changed.Add(field);
            }
        }
        Compare("title", theirs.Title, mine.Title);
        Compare("dek", theirs.Dek, mine.Dek);
        Compare("body", theirs.BodyMarkdown, mine.Body);
        Compare("meta description", theirs.MetaDescription, mine.MetaDescription);
        Compare("pinned to the front page", theirs.Pinned ? "yes" : "no", mine.Pinned ? "yes" : "no");
        return new ArticleConflict(theirs.Version, theirName, ArticleQueries.AsUtc(theirs.UpdatedAt), changed,
            SideBySide.Of(theirs.BodyMarkdown, mine.Body ?? ""));
    }
}
