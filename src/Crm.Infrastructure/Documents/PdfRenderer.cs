using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Crm.SharedKernel.Documents;
using Microsoft.Playwright;

namespace Crm.Infrastructure.Documents;

/// <summary>
/// Renders document HTML to PDF with headless Chromium driven by Playwright: one browser kept warm for the app's life,
/// and a small pool of pages reused between documents. Rendering pages may load nothing from the network: only
/// <c>data:</c> URLs (the fonts and images are embedded). Chromium gets a private fontconfig file listing the app's
/// font folder, since the page header and footer do not load the page's web fonts.
/// </summary>
public sealed class PdfRenderer(IConfiguration configuration, IWebHostEnvironment environment, ILogger<PdfRenderer> log) : IPdfRenderer, IAsyncDisposable
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly SemaphoreSlim _slots = new(PoolSize, PoolSize);
    private readonly ConcurrentBag<IPage> _pages = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _fontFaces;

    private const int PoolSize = 2;

    public string ChromiumPath => configuration["Documents:ChromiumPath"] is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Why PDFs cannot be made here, or null when Chromium is in place.</summary>
    public string? Problem => File.Exists(ChromiumPath) ? null : ChromiumPath;

    /// <summary>An A4 PDF of <paramref name="html"/>, with <paramref name="footerHtml"/> at the foot of every page.</summary>
    public async Task<byte[]> RenderAsync(string html, string footerHtml, CancellationToken cancellationToken)
    {
        var browser = await BrowserAsync(cancellationToken);
        await _slots.WaitAsync(cancellationToken);
        IPage? page = null;
        try
        {
            page = _pages.TryTake(out var warm) && !warm.IsClosed ? warm : await NewPageAsync(browser);
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = 30_000 });
            await page.EvaluateAsync("document.fonts.ready");
            var pdf = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PrintBackground = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = "<span></span>",
                FooterTemplate = footerHtml,
                Margin = new Margin { Top = "12mm", Bottom = "16mm", Left = "10mm", Right = "10mm" },
            });
            _pages.Add(page);
            page = null;
            return pdf;
        }
        finally
        {
            if (page is not null)
            {
                await page.CloseAsync();
            }

            _slots.Release();
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = true });
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith("data:", StringComparison.Ordinal) || route.Request.Url == "about:blank"
            ? route.ContinueAsync()
            : route.AbortAsync());
        return page;
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } ready)
        {
            return ready;
        }

        await _launch.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true } launched)
            {
                return launched;
            }

            if (Problem is not null)
            {
                throw new PdfUnavailableException(ChromiumPath);
            }

            _pages.Clear();
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                Env = new Dictionary<string, string> { ["FONTCONFIG_FILE"] = FontConfig() },
            });
            return _browser;
        }
        catch (PlaywrightException e)
        {
            log.LogError(e, "Chromium at {Path} did not start", ChromiumPath);
            throw new PdfUnavailableException(ChromiumPath, e);
        }
        finally
        {
            _launch.Release();
        }
    }

    public string EmbeddedFontFaces => _fontFaces ??= string.Concat(new[] { (400, "Vazirmatn-Regular.woff2"), (700, "Vazirmatn-Bold.woff2") }.Select(font =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo("lib/vazirmatn/fonts/webfonts/" + font.Item2);
        using var stream = file.Exists ? file.CreateReadStream() : null;
        using var memory = new MemoryStream();
        stream?.CopyTo(memory);
        return $"@font-face{{font-family:Vazirmatn;font-weight:{font.Item1};src:url(data:font/woff2;base64,{Convert.ToBase64String(memory.ToArray())}) format('woff2');}}";
    }));

    /// <summary>A fontconfig file with the app's fonts first and the system's after them.</summary>
    private string FontConfig()
    {
        var folder = Path.Combine(Path.GetTempPath(), "crm-fonts-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "fonts.conf");
        // Through the web root's file provider, which also finds the files where development serves them from the project.
        var regular = environment.WebRootFileProvider.GetFileInfo("lib/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf").PhysicalPath;
        var fonts = regular is null ? "" : Path.GetDirectoryName(regular);
        File.WriteAllText(file, $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
              <dir>{System.Security.SecurityElement.Escape(fonts)}</dir>
              <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
              <cachedir>{System.Security.SecurityElement.Escape(Path.Combine(folder, "cache"))}</cachedir>
            </fontconfig>
            """);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
        _slots.Dispose();
    }
}
