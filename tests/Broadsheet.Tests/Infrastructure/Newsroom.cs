using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>A member of the newsroom made for a test: their API client (a token of their own) and their admin session.</summary>
public sealed record Member(int UserId, string Email, UserRole Role, HttpClient Api, HttpClient Admin);

public static class Newsroom
{
    public const string Password = "a long newsroom passphrase";

    /// <summary>Adds a user with this role, gives them a token and signs them in to the admin.</summary>
    public static async Task<Member> MemberAsync(this BroadsheetApp app, UserRole role, string? name = null)
    {
        var email = $"{BroadsheetApp.Unique(Roles.Name(role))}@example.org".ToLowerInvariant();
        using var scope = app.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountEditing>();
        var user = Assert.IsType<Saved<User>>(await accounts.AddUserAsync(
            new NewUser { Email = email, Password = Password, Role = role, Name = name ?? $"{Roles.Name(role)} {email[..^12]}" }, CancellationToken.None)).Value;
        var secret = await accounts.CreateTokenAsync($"{email} desk", role, user.Id, null, CancellationToken.None);
        var api = app.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new Member(user.Id, email, role, api, await SignedInAsync(app, email));
    }

    /// <summary>A client signed in to the admin through the login form, with its antiforgery token.</summary>
    public static async Task<HttpClient> SignedInAsync(BroadsheetApp app, string email, string password = Password)
    {
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInAsync(client, email, password)).StatusCode);
        return client;
    }

    /// <summary>The login form posted with its token: the answer, whatever it is.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var page = await HtmlPage.GetAsync(client, "/admin/login");
        return await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page), ["email"] = email, ["password"] = password,
        }));
    }

    public static string AntiforgeryToken(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

    /// <summary>Posts the article editor at path as the browser would: every field as the page shows it, then the changes, and the button pressed.</summary>
    public static async Task<HttpResponseMessage> SubmitEditorAsync(HttpClient client, string path, string intent, IDictionary<string, string> changes)
    {
        var page = await HtmlPage.GetAsync(client, path);
        var form = page.QuerySelector("form#article-editor")!;
        var fields = FieldsOf(form);
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }
        fields["intent"] = intent;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a form as the browser would after opening pagePath: with that page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, string postPath, Dictionary<string, string> fields)
    {
        var page = await HtmlPage.GetAsync(client, pagePath);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        return await client.PostAsync(postPath, new FormUrlEncodedContent(fields));
    }

    /// <summary>A form's fields as a browser submits them: enabled ones only, checkboxes when ticked, a select's chosen option.</summary>
    public static Dictionary<string, string> FieldsOf(AngleSharp.Dom.IElement form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            if (element.HasAttribute("disabled") || element.GetAttribute("type") is "checkbox" or "radio" && !element.HasAttribute("checked"))
            {
                continue;
            }
            fields[element.GetAttribute("name")!] = element.LocalName switch
            {
                "textarea" => element.TextContent,
                "select" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? element.QuerySelector("option")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
        }
        return fields;
    }
}
