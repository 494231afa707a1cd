using Broadsheet.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Popular;

/// <summary>Counted views of one article in one hour (UTC): a sum over buckets gives any window cheaply.</summary>
public sealed class ArticleViewBucket
{
    public int ArticleId { get; set; }
    public DateTime HourStart { get; set; }
    public long Views { get; set; }
}

public sealed class ArticleViewBucketConfiguration : IEntityTypeConfiguration<ArticleViewBucket>
{
    public void Configure(EntityTypeBuilder<ArticleViewBucket> bucket)
    {
        bucket.ToTable("ArticleViews");
        bucket.HasKey(b => new { b.ArticleId, b.HourStart });
        bucket.HasIndex(b => b.HourStart);
        bucket.HasOne<Article>().WithMany().HasForeignKey(b => b.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
