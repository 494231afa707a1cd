using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Broadsheet.BrowserTests;

/// <summary>
/// An action that takes the page somewhere, then a check that polls the page's address until it gets there.
/// WaitForURLAsync after a click checks the address and then subscribes to navigation events, and a navigation that
/// lands in between is missed, so the test waits out its whole timeout (playwright-dotnet#3364; seen here once in CI).
/// The element a test touches next is waited for by Playwright's actions themselves.
/// </summary>
public static class Navigation
{
    private static readonly PageAssertionsToHaveURLOptions Patiently = new() { Timeout = 30_000 };

    public static async Task ClickToAsync(this IPage page, string selector, string url)
    {
        await page.ClickAsync(selector);
        await Assertions.Expect(page).ToHaveURLAsync(url, Patiently);
    }

    public static async Task ClickToAsync(this IPage page, string selector, Regex url)
    {
        await page.ClickAsync(selector);
        await Assertions.Expect(page).ToHaveURLAsync(url, Patiently);
    }

    public static async Task PressToAsync(this IPage page, string key, Regex url)
    {
        await page.Keyboard.PressAsync(key);
        await Assertions.Expect(page).ToHaveURLAsync(url, Patiently);
    }
}
