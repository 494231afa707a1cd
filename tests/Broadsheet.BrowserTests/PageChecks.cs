using System.Text.Json;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>What every browser test asks of a page: axe-core's serious findings, and screenshots at three widths.</summary>
public static class PageChecks
{
    /// <summary>axe-core (npm, injected into the page) run over the whole document: its serious and critical findings.</summary>
    public static async Task<JsonElement> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the site's Content-Security-Policy (no inline script) does
        // not govern; a <script> tag added to the page would be blocked, as it should be.
        await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath()));
        return await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))");
    }

    private static string AxePath()
    {
        var path = Path.Combine(KestrelApp.RepositoryRoot(), "tests", "Broadsheet.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run npm ci in tests/Broadsheet.BrowserTests (./test.sh does).");
    }

    public static async Task ScreenshotsAsync(IPage page, string pageType)
    {
        var folder = Path.Combine(KestrelApp.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var width in new[] { 375, 768, 1440 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{pageType}-{width}.png"), FullPage = true });
        }
    }
}
