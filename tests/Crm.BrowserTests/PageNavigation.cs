using Microsoft.Playwright;

namespace Crm.BrowserTests;

public static class PageNavigation
{
    /// <summary>
    /// Waits until the page is at an address and its document is parsed. Waiting for the "load" event (Playwright's
    /// default) now and then timed out after a redirect although the page had arrived and the network was idle.
    /// </summary>
    public static async Task ArriveAtAsync(this IPage page, string urlGlob)
    {
        await page.WaitForURLAsync(urlGlob, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
