using Broadsheet.Accounts;

namespace Broadsheet.Articles;

/// <summary>
/// Who may do what to an article, as WordPress's roles allow: editors and administrators anything; an author their
/// own articles, published or not; a contributor their own drafts, which they may submit for review but not publish.
/// An article's own are its owner (who created it) and its assignee (who was given it on the desk).
/// The API and the admin pages both ask here (through <see cref="ArticleEditing"/>), so a crafted request gets no further than the form.
/// </summary>
public static class ArticlePermissions
{
    public const string NotYours = "You may change only your own articles.";
    public const string ContributorsCannotPublish = "Contributors cannot publish or schedule: submit the article for review, and an editor will publish it.";
    public const string ContributorsCannotChangePublished = "Contributors cannot change an article once it is published or scheduled.";

    /// <summary>Whether the actor sees every article in the admin, or only their own and the public ones.</summary>
    public static bool SeesEveryArticle(Actor actor) => actor.AtLeast(UserRole.Editor);

    /// <summary>What a contributor or an author sees of others' work: the public articles; their own whatever their status.</summary>
    public static System.Linq.Expressions.Expression<Func<Article, bool>> VisibleTo(Actor actor, DateTime now) =>
        a => (a.Listed == 1 && a.PublishedAt <= now) || (actor.UserId != null && (a.OwnerId == actor.UserId || a.AssigneeId == actor.UserId));

    /// <summary>Whether the actor's role lets them publish the article; whether it is ready to be published is <see cref="Desk.DeskRules"/>'s to say.</summary>
    public static bool MayPublish(Actor actor, ArticleStake stake) =>
        actor.AtLeast(UserRole.Editor) || (actor.Role == UserRole.Author && stake.IsOwnedBy(actor));

    /// <summary>Null when the actor may edit the article as it is now, else the reason they may not.</summary>
    public static string? WhyNotEdit(Actor actor, ArticleStake stake, ArticleStatus status)
    {
        if (actor.AtLeast(UserRole.Editor))
        {
            return null;
        }
        if (!stake.IsOwnedBy(actor))
        {
            return NotYours;
        }
        return actor.Role == UserRole.Contributor && status != ArticleStatus.Draft ? ContributorsCannotChangePublished : null;
    }
}

/// <summary>Whose article it is: the member who created it and the member it is assigned to.</summary>
public readonly record struct ArticleStake(int? OwnerId, int? AssigneeId)
{
    public static ArticleStake Of(Article article) => new(article.OwnerId, article.AssigneeId);

    public bool IsOwnedBy(Actor actor) => actor.Is(OwnerId) || actor.Is(AssigneeId);
}
