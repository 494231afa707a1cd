using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Comments;
using Broadsheet.Popular;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Broadsheet.Tags;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Broadsheet.Infrastructure.Db;

/// <summary>
/// The one DbContext; each feature brings its own IEntityTypeConfiguration. SQLite uses this type itself;
/// PostgreSQL uses <see cref="Postgres.PostgresDb"/>, which owns its own migration set (docs/decisions/0010).
/// </summary>
public class BroadsheetDb : DbContext, IDataProtectionKeyContext
{
    public BroadsheetDb(DbContextOptions<BroadsheetDb> options) : base(options)
    {
    }

    protected BroadsheetDb(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<ArticleAutosave> ArticleAutosaves => Set<ArticleAutosave>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Media.MediaItem> MediaItems => Set<Media.MediaItem>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<StaticPage> StaticPages => Set<StaticPage>();
    public DbSet<UrlRedirect> UrlRedirects => Set<UrlRedirect>();
    public DbSet<ArticleViewBucket> ArticleViews => Set<ArticleViewBucket>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Spam.SpamLesson> SpamLessons => Set<Spam.SpamLesson>();
    public DbSet<Spam.SpamWeek> SpamWeeks => Set<Spam.SpamWeek>();
    public DbSet<Secrets.SiteSecret> SiteSecrets => Set<Secrets.SiteSecret>();
    public DbSet<SiteSettings.StoredSetting> StoredSettings => Set<SiteSettings.StoredSetting>();
    public DbSet<Import.ImportedItem> ImportedItems => Set<Import.ImportedItem>();
    public DbSet<Import.ImportRun> ImportRuns => Set<Import.ImportRun>();
    public DbSet<Corrections.ArticleCorrection> ArticleCorrections => Set<Corrections.ArticleCorrection>();
    public DbSet<Newsletters.NewsletterList> NewsletterLists => Set<Newsletters.NewsletterList>();
    public DbSet<Newsletters.Subscriber> Subscribers => Set<Newsletters.Subscriber>();
    public DbSet<Newsletters.Subscription> Subscriptions => Set<Newsletters.Subscription>();
    public DbSet<Newsletters.NewsletterSend> NewsletterSends => Set<Newsletters.NewsletterSend>();
    public DbSet<Newsletters.NewsletterDelivery> NewsletterDeliveries => Set<Newsletters.NewsletterDelivery>();

    /// <summary>The data-protection key ring (sign-in cookies, antiforgery, signed cookies), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BroadsheetDb).Assembly);

    /// <summary>
    /// Every instant is stored as UTC. SQLite hands DateTime back as Unspecified and Npgsql refuses to write an
    /// Unspecified one to a timestamptz column, so one converter marks them UTC both ways.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
