using System.Diagnostics;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// From a deal to a paid invoice in the browser: a quote from the opportunity, sent, accepted, turned into an invoice,
/// issued, paid by cheque, and its PDF downloaded and read back. The documents and pages in both languages.
/// </summary>
public sealed class InvoicingBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task From_an_opportunity_quote_send_accept_invoice_pay_by_cheque_and_download_the_pdf()
    {
        var page = await app.SignedInPageAsync(1400, 900, phone: false);

        // The company on the documents: name, codes, footer, and a logo and seal (two pictures cut from the app's own page).
        await page.GotoAsync(app.BaseUrl + "/Invoicing/Settings");
        await page.FillAsync("#CompanyName", "فناوران پرداخت آریا");
        await page.FillAsync("#CompanyEnglishName", "Arya Payment Technologies");
        await page.FillAsync("#EconomicCode", "411234567891");
        await page.FillAsync("#Address", "تهران، خیابان ولیعصر، پلاک ۱۲۰");
        await page.FillAsync("#FooterText", "از اعتماد شما سپاسگزاریم.");
        var logo = await page.Locator(".navbar-brand, header a").First.ScreenshotAsync();
        var seal = await page.Locator("h1").First.ScreenshotAsync();
        await page.SetInputFilesAsync("#Logo", new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = logo });
        await page.SetInputFilesAsync("#Seal", new FilePayload { Name = "seal.png", MimeType = "image/png", Buffer = seal });
        await page.ClickAsync("#settings-form button.btn-primary");
        await page.WaitForSelectorAsync("#RemoveLogo");

        var code = "POS-" + Random.Shared.Next(1000, 9999);
        await page.GotoAsync(app.BaseUrl + "/Sales/Products/Create");
        await page.FillAsync("#Code", code);
        await page.FillAsync("#Name", "دستگاه کارت‌خوان سیار");
        await page.FillAsync("#EnglishName", "Mobile card reader");
        await page.FillAsync("#BasePrice", "۱۲۰۰۰۰۰۰۰");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products");

        var contactUrl = await app.NewContactAsync(page, "مهسا", "فرهادی", $"mahsa{Random.Shared.Next(1000, 9999)}@customer.example");

        await page.ClickAsync("a[href*='/Sales/Opportunities/Create?customer=']");
        await page.FillAsync("#Name", "تجهیز شعبهٔ جدید");
        await page.FillAsync("#Amount", "۲۴۰۰۰۰۰۰۰");
        await page.ClickAsync("#save");
        await page.ArriveAtAsync("**/Sales/Opportunities/Details/**");

        // The deal's page offers a quote; the form starts with the deal's customer.
        await page.ClickAsync("#new-quote");
        await page.ArriveAtAsync("**/Invoicing/Quotes/Create**");
        (await page.InputValueAsync("#customer-search")).ShouldContain("مهسا");
        var line = page.Locator("#doc-lines tr[data-line]").First;
        await line.Locator("[data-field=code]").FillAsync(code);
        await line.Locator("[data-field=code]").DispatchEventAsync("change");
        (await line.Locator("[data-field=description]").InputValueAsync()).ShouldBe("دستگاه کارت‌خوان سیار");
        await line.Locator("[data-field=quantity]").FillAsync("۲");
        await line.Locator("[data-field=discount]").FillAsync("5%");
        await page.ClickAsync("#add-line");
        var second = page.Locator("#doc-lines tr[data-line]").Last;
        await second.Locator("[data-field=description]").FillAsync("نصب و آموزش");
        await second.Locator("[data-field=price]").FillAsync("3000000");
        await second.Locator("[data-field=vat]").FillAsync("10");
        // 2 × 120,000,000 − 5% = 228,000,000 + 10% VAT = 250,800,000; plus 3,300,000.
        (await page.InnerTextAsync("#doc-total")).ShouldBe("۲۵۴٬۱۰۰٬۰۰۰");
        await RunningApp.Shot(page, "quote-form-fa");
        await page.ClickAsync("#quote-form button[type=submit]");
        await page.ArriveAtAsync("**/Invoicing/Quotes/Details/**");
        (await page.InnerTextAsync("#document-total")).ShouldContain("۲۵۴٬۱۰۰٬۰۰۰");
        await RunningApp.Shot(page, "quote-fa");
        var quoteUrl = page.Url;

        // Sending builds the PDF first and takes a few seconds: the button says so and cannot be pressed twice.
        await page.RouteAsync(url => url.Contains("/Invoicing/Quotes/Send/", StringComparison.Ordinal), async route => { await Task.Delay(1500); await route.ContinueAsync(); });
        // The page is gone once the next one arrives, so what the button showed meanwhile is noted in the tab's session storage.
        await page.EvaluateAsync(@"() => { const b = document.querySelector('#send-quote');
            new MutationObserver(() => { if (b.disabled && b.getAttribute('aria-busy') === 'true') sessionStorage.setItem('busy', b.textContent); })
                .observe(b, { attributes: true, childList: true, subtree: true }); }");
        await page.ClickAsync("#send-quote");
        await page.WaitForSelectorAsync("#accept-quote");
        await page.UnrouteAllAsync();
        (await page.EvaluateAsync<string>("sessionStorage.getItem('busy')")).ShouldContain("در حال ساختن PDF و ارسال");
        (await page.InnerTextAsync("#quote-status")).ShouldBe("ارسال‌شده");
        await page.ClickAsync("#accept-quote");
        await page.WaitForSelectorAsync("#to-invoice");
        await page.ClickAsync("#to-invoice");
        await page.ArriveAtAsync("**/Invoicing/Invoices/Details/**");
        var invoiceUrl = page.Url;
        (await page.InnerTextAsync("#invoice-status")).ShouldBe("پیش‌نویس");
        await page.ClickAsync("#issue-invoice");
        await page.WaitForSelectorAsync("#payment-form");
        (await page.InnerTextAsync("#invoice-status")).ShouldBe("پرداخت‌نشده");
        var number = (await page.InnerTextAsync("h1 bdi")).Trim();
        number.ShouldStartWith("INV-");

        await page.SelectOptionAsync("#pay-method", "Cheque");
        (await page.IsVisibleAsync("#cheque-sayad")).ShouldBeTrue();
        await page.FillAsync("#cheque-bank", "بانک ملت");
        await page.FillAsync("#cheque-number", "۴۴۵۵۶۶");
        await page.FillAsync("#cheque-sayad", "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶");
        await page.FillAsync("#cheque-due", await page.InputValueAsync("#pay-date"));
        await page.Keyboard.PressAsync("Escape");
        await RunningApp.Shot(page, "invoice-payment-fa");
        await page.ClickAsync("#record-payment");
        await page.WaitForSelectorAsync("[data-cheque-step=Bounced]");
        (await page.InnerTextAsync("#invoice-status")).ShouldBe("پرداخت‌شده");
        (await page.InnerTextAsync("#payments")).ShouldContain("دریافت‌شده");
        await RunningApp.Shot(page, "invoice-fa");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#invoice-pdf"));
        download.SuggestedFilename.ShouldBe(number + ".pdf");
        var pdf = Path.Combine(RunningApp.ScreenshotFolder, "invoice-fa.pdf");
        await download.SaveAsAsync(pdf);
        var text = Run("pdftotext", $"-enc UTF-8 \"{pdf}\" -");
        text.ShouldContain(number);
        text.ShouldContain("دویست و پنجاه و چهار میلیون و صد هزار ریال");
        text.ShouldContain("فناوران پرداخت آریا");
        text.ShouldContain("از اعتماد شما سپاسگزاریم");
        Run("pdfimages", $"-list \"{pdf}\"").Split('\n').Count(l => l.Contains("image", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        Run("pdftoppm", $"-png -r 80 -f 1 -l 1 -singlefile \"{pdf}\" \"{Path.Combine(RunningApp.ScreenshotFolder, "invoice-pdf-fa")}\"");
        File.Delete(pdf);

        // The same invoice in English: the page, and the document printed in English.
        await page.GotoAsync(invoiceUrl + "?culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("#invoice-status")).ShouldBe("Paid");
        await RunningApp.Shot(page, "invoice-en");
        await page.GotoAsync(quoteUrl + "?culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("#quote-status")).ShouldBe("Accepted");
        await RunningApp.Shot(page, "quote-en");
        await page.GotoAsync(contactUrl);
        (await page.InnerTextAsync("#customer-billing")).ShouldContain(number);
        await RunningApp.Shot(page, "contact-billing-fa");

        // On a phone the lines stack as cards: every line's total and the document's total show without scrolling sideways.
        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        foreach (var (query, suffix) in new[] { ("", "fa"), ("?culture=en-US&ui-culture=en-US", "en") })
        {
            await phone.GotoAsync(invoiceUrl + query);
            var total = phone.Locator("#document-total");
            await total.ScrollIntoViewIfNeededAsync();
            var box = await total.BoundingBoxAsync();
            box!.X.ShouldBeGreaterThanOrEqualTo(0);
            ((double)(box.X + box.Width)).ShouldBeLessThanOrEqualTo(390);
            (await phone.Locator("#document-lines tbody td[data-label]").Last.IsVisibleAsync()).ShouldBeTrue();
            (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await RunningApp.Shot(phone, $"invoice-phone-{suffix}");
        }

        // An invoice written in English for the same customer, printed in English.
        var customer = "Contact:" + contactUrl.Split('/').Last();
        await page.GotoAsync(app.BaseUrl + $"/Invoicing/Invoices/Create?customer={customer}");
        await page.SelectOptionAsync("#Language", "en");
        var english = page.Locator("#doc-lines tr[data-line]").First;
        await english.Locator("[data-field=code]").FillAsync(code);
        await english.Locator("[data-field=code]").DispatchEventAsync("change");
        (await english.Locator("[data-field=description]").InputValueAsync()).ShouldBe("Mobile card reader");
        await page.ClickAsync("#invoice-form button[type=submit]");
        await page.ArriveAtAsync("**/Invoicing/Invoices/Details/**");
        await page.ClickAsync("#issue-invoice");
        await page.WaitForSelectorAsync("#payment-form");
        var englishPdf = await page.APIRequest.GetAsync(page.Url.Split('?')[0].Replace("/Details/", "/Pdf/", StringComparison.Ordinal));
        englishPdf.Status.ShouldBe(200);
        var englishFile = Path.Combine(RunningApp.ScreenshotFolder, "invoice-en.pdf");
        await File.WriteAllBytesAsync(englishFile, await englishPdf.BodyAsync());
        var englishText = Run("pdftotext", $"-enc UTF-8 \"{englishFile}\" -");
        englishText.ShouldContain("Arya Payment Technologies");
        englishText.ShouldContain("one hundred thirty-two million rials");
        Run("pdftoppm", $"-png -r 80 -f 1 -l 1 -singlefile \"{englishFile}\" \"{Path.Combine(RunningApp.ScreenshotFolder, "invoice-pdf-en")}\"");
        File.Delete(englishFile);
    }

    [Fact]
    public async Task A_quote_line_takes_the_chosen_price_book_price_and_the_form_offers_to_reprice_when_the_book_changes()
    {
        var page = await app.SignedInPageAsync(1400, 900, phone: false);
        var code = "VIP-" + Random.Shared.Next(10000, 99999);
        var book = await app.NewPriceBookProductAsync(page, code, "کارتخوان رومیزی");

        // The book chosen first: the line takes its price as the product is picked.
        await page.GotoAsync(app.BaseUrl + "/Invoicing/Quotes/Create");
        await page.SelectOptionAsync("#PriceBookId", new SelectOptionValue { Label = book });
        var line = page.Locator("#doc-lines tr[data-line]").First;
        await line.Locator("[data-field=code]").FillAsync(code);
        await line.Locator("[data-field=code]").PressAsync("Tab"); // leaving the field picks the product, as a user does
        (await line.Locator("[data-field=price]").InputValueAsync()).ShouldBe("80000000");
        (await page.IsVisibleAsync("#reprice")).ShouldBeFalse();

        // Another book (here none): the form says how many lines differ and re-prices them on request.
        await page.SelectOptionAsync("#PriceBookId", "");
        await page.WaitForSelectorAsync("#reprice", new() { State = WaitForSelectorState.Visible });
        (await page.InnerTextAsync("#reprice [data-prompt-text]")).ShouldContain("قیمت ۱ ردیف");
        await RunningApp.Shot(page, "quote-price-book-fa");
        await page.ClickAsync("#reprice-lines");
        (await line.Locator("[data-field=price]").InputValueAsync()).ShouldBe("100000000");
        (await page.IsVisibleAsync("#reprice")).ShouldBeFalse();

        // Back to the book, and "keep" leaves the typed prices alone.
        await page.SelectOptionAsync("#PriceBookId", new SelectOptionValue { Label = book });
        await page.WaitForSelectorAsync("#reprice", new() { State = WaitForSelectorState.Visible });
        await page.ClickAsync("#reprice-keep");
        (await line.Locator("[data-field=price]").InputValueAsync()).ShouldBe("100000000");
    }

    [Fact]
    public async Task The_date_picker_opens_on_the_date_a_filled_field_holds_and_picks_another()
    {
        var page = await app.SignedInPageAsync(1400, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Invoicing/Quotes/Create?culture=fa-IR&ui-culture=fa-IR");
        var shown = await page.InputValueAsync("#ValidUntil");
        shown.ShouldMatch("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$"); // a default date, in Persian digits
        var (year, month, day) = (Latin(shown[..4]), Latin(shown[5..7]), Latin(shown[8..]));

        await page.ClickAsync("#ValidUntil");
        await page.WaitForSelectorAsync("jdp-container .jdp-day", new() { State = WaitForSelectorState.Visible });
        (await page.Locator("jdp-container .jdp-day").CountAsync()).ShouldBeGreaterThanOrEqualTo(29);
        (await page.InputValueAsync("jdp-container .jdp-years select")).ShouldBe(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.InputValueAsync("jdp-container .jdp-months select")).ShouldBe(month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.InnerTextAsync("jdp-container .jdp-day.selected")).ShouldBe(Persian(day));
        await RunningApp.Shot(page, "date-picker-filled-fa");

        // Another day of the same month is written back as the field's date.
        var other = day == 1 ? 2 : 1;
        await page.Locator("jdp-container .jdp-day:not(.not-in-month)").GetByText(Persian(other), new() { Exact = true }).First.ClickAsync();
        var picked = await page.InputValueAsync("#ValidUntil");
        Latin(picked.Replace("/", "", StringComparison.Ordinal)).ShouldBe(year * 10000 + month * 100 + other);

        // Opened again, it shows the picked day.
        await page.ClickAsync("#QuoteDate");
        await page.ClickAsync("#ValidUntil");
        await page.WaitForSelectorAsync("jdp-container .jdp-day.selected", new() { State = WaitForSelectorState.Visible });
        (await page.InnerTextAsync("jdp-container .jdp-day.selected")).ShouldBe(Persian(other));

        static int Latin(string digits) => int.Parse(string.Concat(digits.Select(c => c is >= '۰' and <= '۹' ? (char)('0' + (c - '۰')) : c)), System.Globalization.CultureInfo.InvariantCulture);
        static string Persian(int n) => string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('۰' + (c - '0'))));
    }

    [Fact]
    public async Task The_invoicing_pages_and_an_english_document_read_in_both_directions()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
        {
            var query = $"?culture={culture}&ui-culture={culture}";
            foreach (var (path, name) in new[]
            {
                ("/Invoicing/Quotes", "quotes"), ("/Invoicing/Invoices", "invoices"), ("/Invoicing/Cheques", "cheques"),
                ("/Invoicing/Invoices/Create", "invoice-form"), ("/Invoicing/Settings", "invoice-settings"),
            })
            {
                var response = await page.GotoAsync(app.BaseUrl + path + query);
                response!.Status.ShouldBe(200);
                (await page.GetAttributeAsync("html", "dir")).ShouldBe(suffix == "fa" ? "rtl" : "ltr");
                await RunningApp.Shot(page, $"invoicing-{name}-{suffix}");
            }
        }

        // An English invoice of its own, previewed: the preview is the same HTML the PDF is made from.
        var customer = "Contact:" + (await app.NewContactAsync(page, "Sara", "Rahimi", culture: "en-US")).Split('?')[0].Split('/').Last();
        await page.GotoAsync(app.BaseUrl + $"/Invoicing/Invoices/Create?customer={customer}");
        await page.SelectOptionAsync("#Language", "en");
        var line = page.Locator("#doc-lines tr[data-line]").First;
        await line.Locator("[data-field=description]").FillAsync("Installation and training");
        await line.Locator("[data-field=quantity]").FillAsync("2");
        await line.Locator("[data-field=unit]").FillAsync("session");
        await line.Locator("[data-field=price]").FillAsync("35000000");
        await line.Locator("[data-field=vat]").FillAsync("0");
        await page.ClickAsync("#invoice-form button[type=submit]");
        await page.ArriveAtAsync("**/Invoicing/Invoices/Details/**");
        var id = page.Url.Split('?')[0].Split('/').Last();
        var preview = await page.GotoAsync(app.BaseUrl + $"/Invoicing/Invoices/Preview/{id}");
        preview!.Status.ShouldBe(200);
        var previewText = await page.InnerTextAsync("body");
        previewText.ShouldContain("Installation and training");
        previewText.ShouldContain("seventy million rials");
        await RunningApp.Shot(page, "invoice-preview");

        // A form with mistakes comes back with the messages next to what was typed.
        await page.GotoAsync(app.BaseUrl + "/Invoicing/Quotes/Create");
        var row = page.Locator("#doc-lines tr[data-line]").First;
        await row.Locator("[data-field=description]").FillAsync("نصب دوربین");
        await row.Locator("[data-field=quantity]").FillAsync("دو");
        await page.ClickAsync("#quote-form button[type=submit]");
        await page.WaitForSelectorAsync(".text-danger:not(:empty)");
        (await page.Locator("#doc-lines tr[data-line]").First.Locator("[data-field=quantity]").InputValueAsync()).ShouldBe("دو");
        (await page.InnerTextAsync("#quote-form")).ShouldContain("مشتری را انتخاب کنید");
        await RunningApp.Shot(page, "quote-form-errors-fa");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Invoicing/Invoices/Create", "invoice-form-phone-fa");
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        (await phone.Locator("#doc-lines [data-field=total]").First.IsVisibleAsync()).ShouldBeTrue();
    }

    private static string Run(string name, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(name, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
        return output;
    }
}
