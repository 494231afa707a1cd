using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Broadsheet.SiteSettings;

/// <summary>
/// One setting saved from /admin/settings, under its configuration key ("Broadsheet:Site:Title"; a list's items as
/// "…:ModerationWords:0"). Secrets (the SMTP password, the spam service's key) are stored encrypted with the key ring.
/// </summary>
public sealed class StoredSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public bool IsSecret { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class StoredSettingConfiguration : IEntityTypeConfiguration<StoredSetting>
{
    public void Configure(EntityTypeBuilder<StoredSetting> setting)
    {
        setting.HasKey(s => s.Key);
        setting.Property(s => s.Key).HasMaxLength(200);
        setting.Property(s => s.Value).HasMaxLength(8000);
    }
}
