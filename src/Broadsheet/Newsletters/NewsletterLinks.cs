using System.Globalization;
using Broadsheet.Infrastructure.Secrets;
using Broadsheet.Site;
using Microsoft.Extensions.Options;

namespace Broadsheet.Newsletters;

/// <summary>
/// The signed links of newsletter emails, which work without signing in: confirming a sign-up (until it expires, and
/// only for the sign-up it was sent for), the page to change lists or leave, and the one-click unsubscribe of one list.
/// </summary>
public sealed class NewsletterLinks(SiteKeys keys, IOptionsMonitor<SiteOptions> site)
{
    private const string ConfirmPurpose = "newsletter-confirm";
    private const string ManagePurpose = "newsletter-manage";
    private const string UnsubscribePurpose = "newsletter-unsubscribe";

    public string ConfirmPath(int subscriberId, DateTime sentAt, DateTime expires)
    {
        var value = ConfirmValue(subscriberId, sentAt, expires);
        return $"/newsletters/confirm?s={subscriberId}&t={Ticks(sentAt)}&e={Ticks(expires)}&sig={keys.Signature(ConfirmPurpose, value)}";
    }

    /// <summary>Whether a confirmation link is genuine: its subscriber, the sending it came with, its expiry.</summary>
    public bool IsConfirmation(int subscriberId, long sent, long expires, string? signature) =>
        keys.IsSignature(ConfirmPurpose, $"{subscriberId}.{sent}.{expires}", signature);

    public string ManagePath(int subscriberId) =>
        $"/newsletters/manage?s={subscriberId}&sig={keys.Signature(ManagePurpose, Id(subscriberId))}";

    public bool IsManage(int subscriberId, string? signature) => keys.IsSignature(ManagePurpose, Id(subscriberId), signature);

    public string UnsubscribePath(int subscriberId, int listId) =>
        $"/newsletters/unsubscribe?s={subscriberId}&list={listId}&sig={keys.Signature(UnsubscribePurpose, $"{subscriberId}.{listId}")}";

    public bool IsUnsubscribe(int subscriberId, int listId, string? signature) =>
        keys.IsSignature(UnsubscribePurpose, $"{subscriberId}.{listId}", signature);

    public string Absolute(string path) => site.CurrentValue.PublicBaseUrl + path;

    public static long Ticks(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static string ConfirmValue(int subscriberId, DateTime sentAt, DateTime expires) =>
        string.Create(CultureInfo.InvariantCulture, $"{subscriberId}.{Ticks(sentAt)}.{Ticks(expires)}");

    private static string Id(int subscriberId) => subscriberId.ToString(CultureInfo.InvariantCulture);
}
