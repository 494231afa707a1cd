using Broadsheet.Authors;
using Broadsheet.Comments;
using Broadsheet.Sections;
using Broadsheet.Tags;

namespace Broadsheet.Articles;

public enum ArticleStatus
{
    Draft = 0,
    Scheduled = 1,
    Published = 2,
}

public sealed class Article
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string? Dek { get; set; }
    public required string BodyMarkdown { get; set; }

    /// <summary>Sanitised HTML, rendered once per revision when the body is saved.</summary>
    public required string BodyHtml { get; set; }

    public int WordCount { get; set; }
    public int SectionId { get; set; }
    public Section Section { get; set; } = null!;
    public ArticleStatus Status { get; set; }

    /// <summary>UTC. An article is public when it is not a draft and this time has come.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>
    /// 1 when the article is not a draft, computed by the database. Listings ask for "Listed = 1 and published by
    /// now, newest first", which an index on (Listed, PublishedAt) answers in order; "Status &lt;&gt; draft" would
    /// make SQLite sort every matching article first.
    /// </summary>
    public int Listed { get; private set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The user whose article it is (WordPress's post author), who may edit it whatever their role; the bylines are <see cref="Authors"/>.</summary>
    public int? OwnerId { get; set; }

    /// <summary>A draft at the desk's review stage (see <see cref="Stage"/>), kept as its own column for the API's inReview and the list's filter.</summary>
    public bool InReview { get; set; }

    /// <summary>
    /// Where a draft is on the desk: one of Broadsheet:Workflow:Stages (null: the first). The last stage is approval,
    /// which only an editor sets; see <see cref="Desk.DeskRules"/>.
    /// </summary>
    public string? Stage { get; set; }

    /// <summary>The member writing the article (a reporter given a pitch), who may edit it as its owner may.</summary>
    public int? AssigneeId { get; set; }

    /// <summary>The editor who looks after the article on the desk.</summary>
    public int? DeskEditorId { get; set; }

    /// <summary>UTC. Nothing of the article is public before this time, whatever its status: it cannot be published or scheduled earlier.</summary>
    public DateTime? EmbargoUntil { get; set; }

    /// <summary>For search results and link previews; the dek stands in when it is empty.</summary>
    public string? MetaDescription { get; set; }

    /// <summary>Leads the front page while it is public, newest pinned first (WordPress's "sticky").</summary>
    public bool Pinned { get; set; }

    /// <summary>
    /// 1 when created, one more on every save. An edit names the version it started from (the editor's hidden
    /// field, the API's If-Match), and a save from an older version is refused, never written over a colleague's.
    /// </summary>
    public int Version { get; set; } = 1;

    /// <summary>The picture at the top of the article, on the home page and section lists, and in link previews.</summary>
    public int? FeaturedImageId { get; set; }
    public Media.MediaItem? FeaturedImage { get; set; }

    /// <summary>A picture for link previews only (Open Graph), where it should differ from the featured one.</summary>
    public int? SocialImageId { get; set; }
    public Media.MediaItem? SocialImage { get; set; }
    public List<Author> Authors { get; set; } = [];
    public List<Tag> Tags { get; set; } = [];
    public CommentPolicy Comments { get; set; } = new();
}
