using Microsoft.Playwright;

namespace Crm.BrowserTests;

public static class PageNavigation
{
    /// <summary>
    /// Waits until the page is at an address and its document is parsed. Waiting for the "load" event (Playwright's
    /// default) now and then timed out after a redirect although the page had arrived and the network was idle.
    /// When the page never gets there, the failure names where it is and the errors it shows, and a screenshot is kept.
    /// </summary>
    public static async Task ArriveAtAsync(this IPage page, string urlGlob)
    {
        try
        {
            await page.WaitForURLAsync(urlGlob, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException) when (Matches(page.Url, urlGlob))
        {
            // Now and then the wait misses a redirect's commit although the page is there: its address settles it.
        }
        catch (TimeoutException timeout)
        {
            var errors = await page.Locator(".text-danger:visible, .validation-summary-errors, .alert-danger, h1")
                .AllInnerTextsAsync();
            await RunningApp.Shot(page, "missed-" + Guid.NewGuid().ToString("N")[..8]);
            throw new TimeoutException(
                $"Expected {urlGlob}, still at {page.Url}; the page shows: {string.Join(" | ", errors.Where(e => e.Trim().Length > 0))}",
                timeout);
        }

        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Playwright's glob: <c>**</c> any characters, <c>*</c> any but a slash, <c>?</c> one character.</summary>
    private static bool Matches(string url, string glob)
    {
        var pattern = System.Text.RegularExpressions.Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.IsMatch(url, "^" + pattern + "$");
    }
}
