using System.Net;
using System.Text;
using Broadsheet.Articles;
using Broadsheet.Site;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Newsletters;

/// <summary>
/// An issue's content, made once per send: the HTML and text with the recipient's own links left as placeholders,
/// so that each of 100,000 messages is a copy with two strings put in, not a new rendering.
/// </summary>
public sealed record IssueTemplate(string Subject, string ListName, string ListId, string Html, string Text);

/// <summary>
/// The emails of newsletters. Plain markup for mail clients (tables, inline styles, a dark-mode rule for those that
/// honour it), a plain-text part beside it, and nothing that tracks: no pixel, no rewritten links, the same picture
/// addresses for every reader. Each message carries its reader's own unsubscribe link, in the body and in
/// List-Unsubscribe with RFC 8058's one-click POST.
/// </summary>
public sealed class NewsletterMail(IOptionsMonitor<SiteOptions> site, SiteClock siteClock)
{
    public const string ManagePlaceholder = "{{manage}}";
    public const string UnsubscribePlaceholder = "{{unsubscribe}}";

    public MimeMessage Confirmation(string address, IReadOnlyList<string> listNames, string confirmUrl, DateTime expires)
    {
        var title = site.CurrentValue.Title;
        var which = listNames.Count == 0 ? "our newsletters" : string.Join(" and ", listNames.Select(n => $"“{n}”"));
        var until = siteClock.DateAndTime(expires);
        var message = new MimeMessage { Subject = $"Please confirm your subscription to {title}" };
        message.To.Add(MailboxAddress.Parse(address));
        var text = $"""
            Someone — we hope you — asked to receive {which} from {title} at this address.

            To confirm, open this link (it works until {until}):
            {confirmUrl}

            If it was not you, ignore this email: nothing will be sent to you, and we will forget the address within a week.
            """;
        var html = Page(title, $"""
            <h1 style="font-size:22px;margin:0 0 16px">Confirm your subscription</h1>
            <p style="margin:0 0 16px">Someone — we hope you — asked to receive {Encode(which)} from {Encode(title)} at this address.</p>
            <p style="margin:0 0 24px"><a class="button" href="{Encode(confirmUrl)}" style="display:inline-block;background:#1a1a1a;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold">Confirm my subscription</a></p>
            <p style="margin:0 0 16px;font-size:14px">The link works until {Encode(until)}. If it was not you, ignore this email: nothing will be sent to you, and we will forget the address within a week.</p>
            """, footer: "");
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    /// <summary>A digest or an alert: its articles as cards (section, title, dek, picture, link).</summary>
    public IssueTemplate Issue(NewsletterList list, string subject, string? intro, IReadOnlyList<ArticleCard> articles)
    {
        var settings = site.CurrentValue;
        var baseUrl = settings.PublicBaseUrl;
        var html = new StringBuilder();
        var text = new StringBuilder();
        html.Append(CultureInvariant($"<h1 style=\"font-size:24px;margin:0 0 8px\">{Encode(list.Name)}</h1>"));
        text.Append(list.Name).Append("\n\n");
        if (!string.IsNullOrEmpty(intro))
        {
            html.Append(CultureInvariant($"<p style=\"margin:0 0 16px\">{Encode(intro)}</p>"));
            text.Append(intro).Append("\n\n");
        }
        foreach (var article in articles)
        {
            var url = baseUrl + article.Url;
            html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-top:1px solid #d8d8d8;margin:0 0 8px\"><tr><td style=\"padding:16px 0\">");
            if (article.Image is { } image)
            {
                var src = image.SmallUrl.StartsWith('/') ? baseUrl + image.SmallUrl : image.SmallUrl;
                html.Append(CultureInvariant($"<a href=\"{Encode(url)}\"><img src=\"{Encode(src)}\" alt=\"{Encode(image.Alt)}\" width=\"568\" style=\"display:block;width:100%;max-width:568px;height:auto;border:0;margin:0 0 12px\"></a>"));
            }
            html.Append(CultureInvariant($"<p class=\"kicker\" style=\"margin:0 0 4px;font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:#8a1c1c\">{Encode(article.SectionName)}</p>"));
            html.Append(CultureInvariant($"<h2 style=\"font-size:20px;line-height:1.3;margin:0 0 6px\"><a href=\"{Encode(url)}\" style=\"color:#111111;text-decoration:none\">{Encode(article.Title)}</a></h2>"));
            text.Append(article.SectionName.ToUpperInvariant()).Append('\n').Append(article.Title).Append('\n');
            if (!string.IsNullOrEmpty(article.Dek))
            {
                html.Append(CultureInvariant($"<p style=\"margin:0 0 6px;color:#333333\">{Encode(article.Dek)}</p>"));
                text.Append(article.Dek).Append('\n');
            }
            html.Append(CultureInvariant($"<p style=\"margin:0;font-size:14px\"><a href=\"{Encode(url)}\">Read the story</a></p>"));
            html.Append("</td></tr></table>");
            text.Append(url).Append("\n\n");
        }
        var footer = $"""
            <p style="margin:0 0 8px">You receive “{Encode(list.Name)}” because you subscribed at {Encode(baseUrl)}.</p>
            <p style="margin:0"><a href="{ManagePlaceholder}">Change your newsletters</a> · <a href="{UnsubscribePlaceholder}">Unsubscribe from this one</a></p>
            """;
        text.Append("--\n").Append(CultureInvariant($"You receive “{list.Name}” because you subscribed at {baseUrl}.\n"))
            .Append("Change your newsletters: ").Append(ManagePlaceholder).Append('\n')
            .Append("Unsubscribe from this one: ").Append(UnsubscribePlaceholder).Append('\n');
        var host = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host : "localhost";
        return new IssueTemplate(subject, list.Name, $"{list.Slug}.{host}", Page(settings.Title, html.ToString(), footer), text.ToString());
    }

    /// <summary>One reader's copy of an issue.</summary>
    public static MimeMessage Personal(IssueTemplate issue, MailboxAddress from, string to, string manageUrl, string unsubscribeUrl, string messageId)
    {
        var message = new MimeMessage { Subject = issue.Subject, MessageId = messageId };
        // A copy each: an address list listens to its addresses' changes, so one shared sender would keep every
        // message ever sent alive through its event handlers.
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("List-Id", $"\"{issue.ListName.Replace("\"", "", StringComparison.Ordinal)}\" <{issue.ListId}>");
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var html = issue.Html.Replace(ManagePlaceholder, WebUtility.HtmlEncode(manageUrl), StringComparison.Ordinal)
            .Replace(UnsubscribePlaceholder, WebUtility.HtmlEncode(unsubscribeUrl), StringComparison.Ordinal);
        var text = issue.Text.Replace(ManagePlaceholder, manageUrl, StringComparison.Ordinal)
            .Replace(UnsubscribePlaceholder, unsubscribeUrl, StringComparison.Ordinal);
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    /// <summary>The whole HTML document: one centred column, light by default, dark where the client asks for it.</summary>
    private static string Page(string siteTitle, string content, string footer) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="supported-color-schemes" content="light dark">
        <title>{{Encode(siteTitle)}}</title>
        <style>
        @media (prefers-color-scheme: dark) {
          body, .wrapper { background: #121212 !important; }
          .column { background: #1e1e1e !important; color: #e8e8e8 !important; }
          .column a, .column h1, .column h2, .column p { color: #e8e8e8 !important; }
          .column .kicker { color: #ff9b8a !important; }
          .column a.button { background: #e8e8e8 !important; color: #121212 !important; }
        }
        </style>
        </head>
        <body style="margin:0;padding:0;background:#f2f0eb">
        <table role="presentation" class="wrapper" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f0eb"><tr><td align="center" style="padding:24px 12px">
        <table role="presentation" class="column" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;color:#111111;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5">
        <tr><td style="padding:24px 16px 8px;font-size:28px;font-weight:bold;border-bottom:3px solid #111111">{{Encode(siteTitle)}}</td></tr>
        <tr><td style="padding:24px 16px">{{content}}</td></tr>
        <tr><td style="padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#555555;border-top:1px solid #d8d8d8">{{footer}}</td></tr>
        </table>
        </td></tr></table>
        </body>
        </html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
