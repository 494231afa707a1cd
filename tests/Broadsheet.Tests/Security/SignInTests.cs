using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Security;

/// <summary>
/// Sign-in under attack: parallel guesses are each counted, an unknown email answers exactly as a known one, and
/// a guesser's lock-out holds for the guesser's address only, so nobody can keep an editor out.
/// </summary>
public sealed class SignInTests
{
    private const string Email = "desk@example.org";
    private const string Password = "a long admin passphrase";

    private static BroadsheetApp App() => BroadsheetApp.With(new Dictionary<string, string?>
    {
        ["Broadsheet:BootstrapAdmin:Email"] = Email,
        ["Broadsheet:BootstrapAdmin:Password"] = Password,
        // The per-address rate limit is a separate defence (RateLimitsTests); here only the lock-out answers.
        ["Broadsheet:RateLimits:Enabled"] = "false",
    });

    private static HttpClient From(BroadsheetApp app, string address)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add(BroadsheetApp.ClientIpHeader, address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Message)> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await HtmlPage.GetAsync(client, "/admin/login");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password,
        }));
        var message = response.StatusCode == HttpStatusCode.Redirect ? "" : (await CommentForms.ParseAsync(response)).QuerySelector(".form-error").Text();
        return (response.StatusCode, message);
    }

    [Fact]
    public async Task Five_guesses_sent_at_once_are_five_failures()
    {
        using var app = App();
        // Five browsers (each its own form token) at one address.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => SignInAsync(From(app, "198.51.100.7"), Email, $"guess {i}")));
        var (status, message) = await SignInAsync(From(app, "198.51.100.7"), Email, Password);

        Assert.All(guesses, g => Assert.NotEqual(HttpStatusCode.BadRequest, g.Status));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("locked until", message);
    }

    [Fact]
    public async Task An_unknown_email_answers_as_a_known_one_wrong_and_then_locked()
    {
        using var app = App();
        var known = new List<(HttpStatusCode, string)>();
        var unknown = new List<(HttpStatusCode, string)>();

        for (var i = 0; i < 6; i++)
        {
            known.Add(await SignInAsync(From(app, "198.51.100.8"), Email, $"guess {i}"));
            unknown.Add(await SignInAsync(From(app, "198.51.100.8"), "nobody@example.org", $"guess {i}"));
        }

        Assert.Equal(known, unknown);
        Assert.Equal((HttpStatusCode.Unauthorized, "Wrong email or password."), known[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, known[5].Item1);
    }

    [Fact]
    public async Task A_guesser_locked_out_does_not_keep_the_editor_out()
    {
        using var app = App();
        var guesser = From(app, "198.51.100.9");

        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(guesser, Email, $"guess {i}");
        }
        var guesserAgain = await SignInAsync(guesser, Email, Password);
        var editor = await SignInAsync(From(app, "203.0.113.50"), Email, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, guesserAgain.Status);
        Assert.Equal(HttpStatusCode.Redirect, editor.Status);
    }
}
