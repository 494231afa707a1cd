using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.Import;

/// <summary>
/// An import started from /admin/import: how far it has read, and its report when it ends. Kept in the database so
/// that whichever node a browser's next request reaches shows the same progress.
/// </summary>
public sealed class ImportRun
{
    public int Id { get; set; }
    public required string FileName { get; set; }
    public int? StartedById { get; set; }
    public DateTime StartedAt { get; set; }

    /// <summary>When the progress was last written: a run not finished and not heard from for a while was stopped (its node went down).</summary>
    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
    public long Bytes { get; set; }
    public long TotalBytes { get; set; }
    public int Posts { get; set; }
    public bool FetchPictures { get; set; }

    /// <summary>The report as the command line prints it, once the run has ended.</summary>
    public string? Report { get; set; }

    /// <summary>The run ended before the end of the file (malformed, or an error).</summary>
    public bool Failed { get; set; }
}

public sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.Property(r => r.FileName).HasMaxLength(255);
        run.HasIndex(r => r.StartedAt);
        run.HasOne<Accounts.User>().WithMany().HasForeignKey(r => r.StartedById).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>Broadsheet:Import: how large an export /admin/import takes (the command line takes any size).</summary>
public sealed class ImportOptions
{
    [Range(1, 10240)]
    public int MaxUploadMegabytes { get; set; } = 1024;
}
