using System.Globalization;
using System.Text.RegularExpressions;
using Broadsheet.Tests.Infrastructure;
using MimeKit;

namespace Broadsheet.Tests.Newsletters;

/// <summary>What the newsletter tests do as readers: sign up through the page's own form, and follow the emails' links.</summary>
public static partial class NewsletterReaders
{
    public static BroadsheetApp App(SmtpServer smtp, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Broadsheet:Notifications:SmtpHost"] = "127.0.0.1",
            ["Broadsheet:Notifications:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Broadsheet:Notifications:From"] = "The Gazette <newsroom@news.example.org>",
            ["Broadsheet:Site:BaseUrl"] = "https://news.example.org",
            ["Broadsheet:Newsletters:MessagesPerSecond"] = "500",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return BroadsheetApp.With(settings);
    }

    /// <summary>The lists the /newsletters/ form offers, by name.</summary>
    public static async Task<Dictionary<string, string>> ListsAsync(HttpClient client)
    {
        var page = await HtmlPage.GetAsync(client, "/newsletters/");
        return page.QuerySelectorAll("form[data-newsletter-form] input[name=list]")
            .ToDictionary(i => i.ParentElement!.TextContent.Trim(), i => i.GetAttribute("value")!);
    }

    public static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email, params string[] listIds)
    {
        var fields = new List<KeyValuePair<string, string>> { new("email", email), new("homepage", "") };
        fields.AddRange(listIds.Select(id => new KeyValuePair<string, string>("list", id)));
        return client.PostAsync("/newsletters/", new FormUrlEncodedContent(fields));
    }

    /// <summary>The path and query of the first link in a message's text part that goes to <paramref name="path"/>.</summary>
    public static string LinkTo(MimeMessage message, string path) =>
        new Uri(Links().Matches(message.TextBody ?? "").Select(m => m.Value).First(u => u.Contains(path, StringComparison.Ordinal))).PathAndQuery;

    /// <summary>Signs up, opens the confirmation email's link, and returns the confirmation email.</summary>
    public static async Task<MimeMessage> SubscribeAsync(HttpClient client, SmtpServer smtp, string email, params string[] listIds)
    {
        var before = smtp.MessagesTo(email).Count;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await SignUpAsync(client, email, listIds)).StatusCode);
        var confirmation = (await smtp.MessagesToAsync(email, before + 1))[^1];
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(LinkTo(confirmation, "/newsletters/confirm"))).StatusCode);
        return confirmation;
    }

    /// <summary>Polls (up to 10 s) until the condition holds: the sender works in the background.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}
