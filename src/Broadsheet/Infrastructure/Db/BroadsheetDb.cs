using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Comments;
using Broadsheet.Popular;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Broadsheet.Tags;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Infrastructure.Db;

/// <summary>The one DbContext; each feature brings its own IEntityTypeConfiguration.</summary>
public sealed class BroadsheetDb(DbContextOptions<BroadsheetDb> options) : DbContext(options)
{
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<StaticPage> StaticPages => Set<StaticPage>();
    public DbSet<UrlRedirect> UrlRedirects => Set<UrlRedirect>();
    public DbSet<ArticleViewBucket> ArticleViews => Set<ArticleViewBucket>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Spam.SpamLesson> SpamLessons => Set<Spam.SpamLesson>();
    public DbSet<Spam.SpamWeek> SpamWeeks => Set<Spam.SpamWeek>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BroadsheetDb).Assembly);
}
