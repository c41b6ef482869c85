using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The customer portal on a phone, in Persian and in English: staff write a quote and an invoice and open the customer's
/// account; the customer follows the invitation SMS, signs in with the texted code, downloads the invoice's PDF, accepts
/// the quote with their typed name, opens a ticket with a photo and replies to it.
/// </summary>
public sealed partial class PortalBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_customer_invited_by_sms_signs_in_with_a_code_on_a_phone_and_uses_every_section(string language)
    {
        var culture = language == "fa" ? "fa-IR" : "en-US";
        var query = $"?culture={culture}&ui-culture={culture}";
        var staff = await app.SignedInPageAsync(1280, 900, phone: false);
        var mobile = "0935" + Random.Shared.Next(1000000, 9999999);
        var surname = (language == "fa" ? "کاظمی" : "Kazemi") + Random.Shared.Next(1000, 9999);
        await staff.GotoAsync(app.BaseUrl + "/Contacts/Contacts/Create" + query);
        await staff.FillAsync("#FirstName", language == "fa" ? "نسرین" : "Nasrin");
        await staff.FillAsync("#LastName", surname);
        await staff.FillAsync("input[name='Phones[0].Number']", mobile);
        var email = $"n{Random.Shared.Next(100000, 999999)}@customer.example";
        await staff.FillAsync("input[name='Emails[0].Address']", email);
        await staff.ClickAsync("button[type=submit].btn-primary");
        await staff.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        var contactUrl = staff.Url.Split('?')[0];
        var customerRef = "Contact:" + contactUrl.Split('/').Last();

        // A quote, sent, and an invoice, issued.
        await staff.GotoAsync(app.BaseUrl + $"/Invoicing/Quotes/Create?customer={customerRef}");
        await FillLineAsync(staff, language == "fa" ? "پشتیبانی سالانهٔ نرم‌افزار" : "Yearly software support", "45000000");
        await staff.ClickAsync("#quote-form button[type=submit]");
        await staff.ArriveAtAsync("**/Invoicing/Quotes/Details/**");
        await staff.ClickAsync("#send-quote");
        await staff.WaitForSelectorAsync("#accept-quote");
        var quoteUrl = staff.Url.Split('?')[0];
        await staff.GotoAsync(app.BaseUrl + $"/Invoicing/Invoices/Create?customer={customerRef}");
        await FillLineAsync(staff, language == "fa" ? "نصب دستگاه کارت‌خوان" : "Card reader installation", "12000000");
        await staff.ClickAsync("#invoice-form button[type=submit]");
        await staff.ArriveAtAsync("**/Invoicing/Invoices/Details/**");
        await staff.ClickAsync("#issue-invoice");
        await staff.WaitForSelectorAsync("#issue-invoice", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        var number = (await staff.InnerTextAsync("h1 bdi")).Trim();

        // The customer's account, opened from their page: the invitation goes out by SMS.
        await staff.GotoAsync(contactUrl + query);
        await staff.ClickAsync("#portal-open");
        await staff.WaitForSelectorAsync("#portal-account-status");
        await RunningApp.Shot(staff, $"portal-staff-card-{language}");
        await staff.GotoAsync(app.BaseUrl + "/Portal/Accounts" + query);
        (await staff.InnerTextAsync("#portal-accounts")).ShouldContain(surname);
        await RunningApp.Shot(staff, $"portal-accounts-{language}");
        await staff.GotoAsync(app.BaseUrl + "/Portal/Settings" + query);
        await staff.CheckAsync("#PasswordSignIn");
        await RunningApp.Shot(staff, $"portal-settings-{language}");
        await staff.ClickAsync("#portal-settings-save");
        await staff.WaitForSelectorAsync("#PasswordSignIn:checked");

        var invitation = await SmsAsync(mobile, body => body.Contains("/portal/sign-in", StringComparison.Ordinal));
        var link = LinkPattern().Match(invitation).Value;
        link.ShouldStartWith(app.BaseUrl + "/portal/sign-in");

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = culture, AcceptDownloads = true,
        });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(link + (link.Contains('?') ? "&" : "?") + query[1..]);
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe(language == "fa" ? "rtl" : "ltr");
        await phone.WaitForSelectorAsync("#portal-password-sign-in");
        await phone.FillAsync("input[name=mobile]", mobile);
        await RunningApp.Shot(phone, $"portal-sign-in-{language}");
        await phone.ClickAsync("#portal-send-code");
        await phone.ArriveAtAsync("**/portal/code**");
        var codeInput = phone.Locator("input[name=code]");
        (await codeInput.GetAttributeAsync("inputmode")).ShouldBe("numeric", "the phone shows its number pad");
        (await codeInput.GetAttributeAsync("autocomplete")).ShouldBe("one-time-code");
        var code = CodePattern().Match(await SmsAsync(mobile, body => CodePattern().IsMatch(body))).Groups[1].Value;
        await codeInput.FillAsync(code);
        await RunningApp.Shot(phone, $"portal-code-{language}");
        await phone.ClickAsync("#portal-verify");
        await phone.ArriveAtAsync("**/portal");
        (await phone.InnerTextAsync("#portal-greeting")).ShouldContain(surname);
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-home-{language}");

        // The invoice, and its PDF.
        await phone.ClickAsync("#portal-card-invoices");
        await phone.ArriveAtAsync("**/portal/invoices");
        (await phone.InnerTextAsync("#portal-invoices")).ShouldContain(number);
        await RunningApp.Shot(phone, $"portal-invoices-{language}");
        await phone.ClickAsync("#portal-invoices a");
        await phone.ArriveAtAsync("**/portal/invoices/**");
        (await phone.InnerTextAsync("#portal-invoice-number")).ShouldBe(number);
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-invoice-{language}");
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.ClickAsync("#portal-invoice-pdf"));
        var pdf = Path.Combine(RunningApp.ScreenshotFolder, $"portal-invoice-{language}.pdf");
        await download.SaveAsAsync(pdf);
        Run("pdftotext", $"-enc UTF-8 \"{pdf}\" -").ShouldContain(number);
        File.Delete(pdf);

        // The quote, accepted with the customer's typed name.
        await phone.ClickAsync("#portal-nav-quotes");
        await phone.ArriveAtAsync("**/portal/quotes");
        await phone.ClickAsync("#portal-quotes a");
        await phone.ArriveAtAsync("**/portal/quotes/**");
        await phone.FillAsync("#decide-name", language == "fa" ? "نسرین " + surname : "Nasrin " + surname);
        await RunningApp.Shot(phone, $"portal-quote-{language}");
        await phone.ClickAsync("#portal-quote-accept");
        await phone.WaitForSelectorAsync("#portal-quote-decided");
        (await phone.InnerTextAsync("#portal-quote-status")).ShouldBe(language == "fa" ? "پذیرفته‌شده" : "Accepted");
        await RunningApp.Shot(phone, $"portal-quote-accepted-{language}");

        // A ticket with a photo, then a reply.
        await phone.ClickAsync("#portal-nav-tickets");
        await phone.ArriveAtAsync("**/portal/tickets");
        await phone.ClickAsync("#portal-ticket-new");
        await phone.ArriveAtAsync("**/portal/tickets/new");
        await phone.FillAsync("#Subject", language == "fa" ? "کارت‌خوان روشن نمی‌شود" : "The card reader does not turn on");
        await phone.FillAsync("#Description", language == "fa" ? "از دیروز پس از قطع برق" : "Since yesterday's power cut");
        var photo = await phone.Locator("h1").ScreenshotAsync();
        await phone.SetInputFilesAsync("#files", new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = photo });
        await RunningApp.Shot(phone, $"portal-ticket-new-{language}");
        await phone.ClickAsync("#portal-ticket-submit");
        await phone.ArriveAtAsync("**/portal/tickets/*-*");
        (await phone.InnerTextAsync("#portal-thread")).ShouldContain("photo.png");
        await phone.FillAsync("#body", language == "fa" ? "شمارهٔ سریال ۱۲۳۴ است" : "The serial number is 1234");
        await phone.ClickAsync("#portal-reply-send");
        await phone.WaitForSelectorAsync("#portal-message");
        (await phone.InnerTextAsync("#portal-thread")).ShouldContain(language == "fa" ? "شمارهٔ سریال" : "serial number");
        var tab = await phone.Locator("#portal-nav-tickets").BoundingBoxAsync();
        (tab!.X >= 0 && tab.X + tab.Width <= 390).ShouldBeTrue("the open section's tab is scrolled into view");
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-ticket-{language}");
        await phone.ClickAsync("#portal-nav-tickets");
        await phone.ArriveAtAsync("**/portal/tickets");
        await RunningApp.Shot(phone, $"portal-tickets-{language}");
        await phone.ClickAsync("#portal-nav-repairs");
        await phone.ArriveAtAsync("**/portal/repairs");
        await RunningApp.Shot(phone, $"portal-repairs-{language}");

        // A workflow asks the customer for a document: designed with "the record's customer" as the task's assignee,
        // started from the contact's page; the customer is told by SMS, sends the document, and the run goes on.
        var fa = language == "fa";
        var workflowName = (fa ? "مدارک " : "Documents ") + surname;
        var taskSubject = fa ? "ارسال تصویر کارت ملی" : "Send a copy of your ID card";
        await staff.GotoAsync(app.BaseUrl + "/Workflow/Workflows/New" + query);
        await staff.FillAsync("#name-fa", workflowName);
        await staff.FillAsync("#name-en", workflowName);
        await staff.SelectOptionAsync("#record-type", "Contact");
        await staff.Locator("#trigger-editor select").First.SelectOptionAsync("Manual");
        await staff.SelectOptionAsync("#steps-editor .add-step", "CreateTask");
        var step = staff.Locator(".step[data-kind=CreateTask]");
        await step.Locator("select:has(option[value=Customer])").SelectOptionAsync("Customer");
        await step.Locator("select:has(option[value=Upload])").SelectOptionAsync("Upload");
        await step.GetByLabel(fa ? "موضوع" : "Subject", new() { Exact = true }).FillAsync(taskSubject);
        await step.GetByLabel(fa ? "صبر تا انجام شدنش" : "Wait until it is done").CheckAsync();
        await step.Locator("textarea").Last.FillAsync(fa ? "یک تصویر روشن از روی کارت" : "A clear photo of the front");
        await RunningApp.Shot(staff, $"portal-workflow-designer-{language}");
        await staff.CheckAsync("#enabled");
        await staff.ClickAsync("#save-workflow");
        await staff.ArriveAtAsync("**/Workflow/Workflows/Details/**");
        await staff.GotoAsync(contactUrl + query);
        await staff.Locator("#record-workflows button", new() { HasText = workflowName }).ClickAsync();
        var taskSms = await SmsAsync(mobile, body => body.Contains("/portal/tasks/", StringComparison.Ordinal));
        var taskLink = TaskLinkPattern().Match(taskSms).Value;
        taskLink.ShouldStartWith(app.BaseUrl + "/portal/tasks/");
        await phone.GotoAsync(taskLink);
        await phone.WaitForSelectorAsync("#portal-task-form");
        (await phone.InnerTextAsync("#portal-task-subject")).ShouldContain(taskSubject);
        await phone.SetInputFilesAsync("#portal-task-document", new FilePayload { Name = "id-card.png", MimeType = "image/png", Buffer = photo });
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-task-{language}");
        await phone.ClickAsync("#portal-task-submit");
        await phone.ArriveAtAsync("**/portal/tasks");
        await phone.WaitForSelectorAsync("#portal-tasks-done");
        (await phone.InnerTextAsync("#portal-tasks-done")).ShouldContain(taskSubject);
        await RunningApp.Shot(phone, $"portal-tasks-{language}");
        var runs = contactUrl.Replace("/Contacts/Contacts/Details/", "/Workflow/RecordWorkflows?type=Contact&id=", StringComparison.Ordinal);
        for (var i = 0; i < 60 && !(await staff.InnerTextAsync("main")).Contains(fa ? "تمام‌شده" : "Completed", StringComparison.Ordinal); i++)
        {
            await Task.Delay(1000);
            await staff.GotoAsync(runs + "&" + query[1..]);
        }

        (await staff.InnerTextAsync("main")).ShouldContain(fa ? "تمام‌شده" : "Completed");
        (await staff.InnerTextAsync(".customer-task")).ShouldContain("id-card.png");
        await RunningApp.Shot(staff, $"portal-workflow-run-{language}");

        // Their details, with the change form's keyboard hints, and the forms page.
        await phone.ClickAsync("#portal-profile");
        await phone.ArriveAtAsync("**/portal/profile");
        (await phone.GetAttributeAsync("#PostalCode", "inputmode")).ShouldBe("numeric");
        (await phone.GetAttributeAsync("#Email", "inputmode")).ShouldBe("email");
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-profile-{language}");
        var city = fa ? "شیراز" : "Shiraz";
        await phone.FillAsync("#City", city);
        await phone.ClickAsync("#portal-profile-save");
        await phone.WaitForSelectorAsync("#portal-profile-pending");
        await staff.GotoAsync(contactUrl + query);
        (await staff.InnerTextAsync("#portal-profile-request")).ShouldContain(city);
        await RunningApp.Shot(staff, $"portal-change-request-{language}");

        // A form shown on the portal, filled there and read back.
        var formName = (fa ? "درخواست نصب " : "Installation request ") + surname;
        await staff.GotoAsync(app.BaseUrl + "/Forms/Forms/Edit" + query);
        await staff.FillAsync("#Name", formName);
        await staff.FillAsync("#TitleFa", formName);
        await staff.FillAsync("#TitleEn", formName);
        await staff.CheckAsync("#IsOpen");
        await staff.CheckAsync("#ShowOnPortal");
        await staff.ClickAsync("#add-field");
        await staff.ClickAsync("[data-add-field=ShortText]");
        var card = staff.Locator("#field-list .field-card").Last;
        await card.Locator("input").Nth(0).FillAsync("نشانی محل نصب");
        await card.Locator("input").Nth(1).FillAsync("Where to install");
        await staff.ClickAsync("#save-form");
        await staff.ArriveAtAsync("**/Forms/Forms/Edit/**");
        await phone.ClickAsync("#portal-nav-forms");
        await phone.ArriveAtAsync("**/portal/forms");
        await RunningApp.Shot(phone, $"portal-forms-{language}");
        await phone.Locator("#portal-forms a", new() { HasText = formName }).ClickAsync();
        await phone.ArriveAtAsync("**/portal/forms/*");
        var place = fa ? "شیراز، خیابان زند، پلاک ۱۲" : "12 Zand Street, Shiraz";
        await phone.GetByLabel(fa ? "نشانی محل نصب" : "Where to install").FillAsync(place);
        await NoSidewaysScrollAsync(phone);
        await RunningApp.Shot(phone, $"portal-form-fill-{language}");
        await phone.ClickAsync("#form-submit");
        await phone.ArriveAtAsync("**/portal/submissions/**");
        (await phone.InnerTextAsync("#portal-submission-values")).ShouldContain(fa ? "خیابان زند" : place);
        await RunningApp.Shot(phone, $"portal-submission-{language}");

        // The quote's link from its email opens it without signing in; staff see the link and how often it was opened.
        var shared = SharedQuotePattern().Match(await MailAsync(email, body => SharedQuotePattern().IsMatch(body))).Value;
        var stranger = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, Locale = culture });
        var reader = await stranger.NewPageAsync();
        await reader.GotoAsync(shared + "?" + query[1..]);
        (await reader.InnerTextAsync("main")).ShouldContain(fa ? "پشتیبانی سالانه" : "Yearly software support");
        await NoSidewaysScrollAsync(reader);
        await RunningApp.Shot(reader, $"portal-shared-quote-{language}");
        await stranger.CloseAsync();
        await staff.GotoAsync(quoteUrl + query);
        await staff.WaitForSelectorAsync("#portal-document-links");
        await RunningApp.Shot(staff, $"portal-document-links-{language}");

        // The same pages on a desktop.
        await phone.SetViewportSizeAsync(1280, 900);
        foreach (var (path, name) in new[] { ("/portal", "home"), ("/portal/invoices", "invoices"), ("/portal/tickets", "tickets"), ("/portal/forms", "forms"), ("/portal/profile", "profile") })
        {
            await phone.GotoAsync(app.BaseUrl + path);
            await RunningApp.Shot(phone, $"portal-{name}-desktop-{language}");
        }

        await context.CloseAsync();
    }

    private static async Task FillLineAsync(IPage page, string description, string price)
    {
        var line = page.Locator("#doc-lines tr[data-line]").First;
        await line.Locator("[data-field=description]").FillAsync(description);
        await line.Locator("[data-field=price]").FillAsync(price);
    }

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

    /// <summary>The newest SMS the (development) gateway wrote for the number that matches, waiting for it a while.</summary>
    private Task<string> SmsAsync(string mobile, Func<string, bool> matches) =>
        NewestAsync("sms", "*.txt", File.ReadAllText, text => text.Contains(mobile, StringComparison.Ordinal) && matches(text), $"no SMS for {mobile}");

    /// <summary>The text of the newest mail the (development) delivery wrote to the address that matches, its parts decoded.</summary>
    private Task<string> MailAsync(string address, Func<string, bool> matches) =>
        NewestAsync("mail", "*.eml", f => Decoded(File.ReadAllText(f)), text => text.Contains(address, StringComparison.OrdinalIgnoreCase) && matches(text), $"no mail for {address}");

    /// <summary>The newest file of the app's data folder that matches, read, waiting up to 30 seconds for it.</summary>
    private async Task<string> NewestAsync(string subfolder, string pattern, Func<string, string> read, Func<string, bool> matches, string missing)
    {
        var folder = Path.Combine(app.DataFolder, subfolder);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = Directory.Exists(folder)
                ? Directory.GetFiles(folder, pattern).Select(f => (File: f, Text: read(f))).Where(f => matches(f.Text))
                    .OrderByDescending(f => File.GetLastWriteTimeUtc(f.File)).Select(f => f.Text).FirstOrDefault()
                : null;
            if (found is not null)
            {
                return found;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, missing);
            await Task.Delay(200);
        }
    }

    /// <summary>A mail file with its quoted-printable lines joined and its base64 parts appended as text.</summary>
    private static string Decoded(string mail)
    {
        var text = new System.Text.StringBuilder(mail.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal));
        foreach (Match block in Base64Block().Matches(mail))
        {
            try
            {
                text.Append('\n').Append(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(block.Value.Where(c => !char.IsWhiteSpace(c))))));
            }
            catch (FormatException)
            {
                // Not base64 after all (a long header line); its text is already there.
            }
        }

        return text.ToString();
    }

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [GeneratedRegex(@"https?://\S+/portal/sign-in\S*")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"https?://\S+/portal/tasks/[0-9a-f-]{36}\S*")]
    private static partial Regex TaskLinkPattern();

    [GeneratedRegex(@"https?://[^\s""<>]+/portal/shared/quote/[A-Za-z0-9_-]+")]
    private static partial Regex SharedQuotePattern();

    [GeneratedRegex(@"(?:^[A-Za-z0-9+/=]{16,}\r?$\n?)+", RegexOptions.Multiline)]
    private static partial Regex Base64Block();

    [GeneratedRegex(@"#(\d{6})")]
    private static partial Regex CodePattern();
}
