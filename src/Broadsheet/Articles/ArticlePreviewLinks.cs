using System.Globalization;
using Broadsheet.Infrastructure.Secrets;

namespace Broadsheet.Articles;

/// <summary>
/// Links to an unpublished article that anyone holding them can open for a week: signed with the site key, so they
/// cannot be made up for another article or stretched, and they name no user.
/// </summary>
public sealed class ArticlePreviewLinks(SiteKeys keys, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private const string Purpose = "article-preview";

    public string LinkFor(int articleId)
    {
        var until = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"/preview/{articleId}/?until={until}&sig={keys.Signature(Purpose, $"{articleId}:{until}")}";
    }

    private static DateTimeOffset? ExpiryOf(string? until) =>
        long.TryParse(until, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public PreviewCheck Check(int articleId, string? until, string? signature)
    {
        if (ExpiryOf(until) is not { } expiry || !keys.IsSignature(Purpose, $"{articleId}:{until}", signature))
        {
            return PreviewCheck.Forged;
        }
        return expiry <= clock.GetUtcNow() ? PreviewCheck.Expired : PreviewCheck.Valid;
    }
}

public enum PreviewCheck
{
    Valid,
    Expired,
    Forged,
}
