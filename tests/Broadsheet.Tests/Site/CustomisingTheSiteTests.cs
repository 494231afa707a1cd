using System.Net;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Site;

public sealed class CustomisingTheSiteTests
{
    [Fact]
    public async Task Name_tagline_logo_accent_menu_and_footer_are_settings()
    {
        using var app = BroadsheetApp.With(new Dictionary<string, string?>
        {
            ["Broadsheet:Site:Title"] = "The Valley Courier",
            ["Broadsheet:Site:Tagline"] = "News from the valley since 1921",
            ["Broadsheet:Site:LogoUrl"] = "/media/logo.svg",
            ["Broadsheet:Site:LogoWidth"] = "300",
            ["Broadsheet:Site:LogoHeight"] = "80",
            ["Broadsheet:Site:AccentColor"] = "#0b5394",
            ["Broadsheet:Site:Navigation:0:Title"] = "Front page",
            ["Broadsheet:Site:Navigation:0:Url"] = "/",
            ["Broadsheet:Site:Navigation:1:Title"] = "About us",
            ["Broadsheet:Site:Navigation:1:Url"] = "/about/",
            ["Broadsheet:Site:FooterText"] = "Published by the Valley Press Cooperative.",
        });
        var reader = app.Anonymous();
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, "media"));
        await File.WriteAllTextAsync(Path.Combine(app.DataDirectory, "media", "logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");

        var page = await HtmlPage.GetAsync(reader, "/");
        var logo = page.QuerySelector(".site-title img");

        Assert.Equal("The Valley Courier", page.Title);
        Assert.Equal("News from the valley since 1921", page.QuerySelector(".tagline").Text());
        Assert.Equal("/media/logo.svg", logo?.GetAttribute("src"));
        Assert.Equal(("300", "80"), (logo?.GetAttribute("width"), logo?.GetAttribute("height")));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/media/logo.svg")).StatusCode);
        Assert.Contains("--accent: #0b5394", page.QuerySelector("head style").Text());
        Assert.Equal(["Front page", "About us"], page.Texts("nav[aria-label=Sections] li a"));
        Assert.Equal("Published by the Valley Press Cooperative.", page.QuerySelector(".footer-text").Text());
    }

    [Fact]
    public async Task A_custom_css_in_the_data_directory_is_served_after_the_theme()
    {
        using var app = new BroadsheetApp();
        var reader = app.Anonymous();
        var without = await HtmlPage.GetAsync(reader, "/");
        await File.WriteAllTextAsync(Path.Combine(app.DataDirectory, "custom.css"), ".site-title { letter-spacing: .2em; }");

        // The file is watched: the cached home page is refreshed as soon as the change is noticed.
        var with = without;
        for (var attempt = 0; attempt < 100 && with.QuerySelectorAll("link[rel=stylesheet]").Length < 2; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            with = await HtmlPage.GetAsync(reader, "/");
        }
        var stylesheets = with.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href") ?? "").ToList();
        var css = await reader.GetStringAsync(stylesheets[^1]);

        Assert.Single(without.QuerySelectorAll("link[rel=stylesheet]"));
        Assert.Equal(2, stylesheets.Count);
        Assert.Matches("^/css/site\\.[a-z0-9]+\\.css$", stylesheets[0]);
        Assert.StartsWith("/custom.css?v=", stylesheets[1]);
        Assert.Equal(".site-title { letter-spacing: .2em; }", css);
    }

    [Fact]
    public void A_bad_accent_colour_stops_start_up_with_a_clear_message()
    {
        var problems = BroadsheetApp.SettingsProblems(new Dictionary<string, string?> { ["Broadsheet:Site:AccentColor"] = "red; } body { display: none" });

        Assert.Equal(["Broadsheet:Site:AccentColor must look like #9b1c1c."], problems);
    }
}
