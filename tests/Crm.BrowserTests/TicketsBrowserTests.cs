namespace Crm.BrowserTests;

/// <summary>
/// A ticket opened from a customer's page, answered, referred to a team's queue, with its SLA countdown: in Persian on a
/// desktop, then the ticket, the list and the SLA policies in English on a phone.
/// </summary>
public sealed class TicketsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task A_ticket_is_opened_from_a_customer_answered_and_referred_with_its_SLA_counting_down()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        var surname = "صالحی" + Random.Shared.Next(10000, 99999);
        await page.GotoAsync(app.BaseUrl + "/Contacts/Contacts/Create?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#FirstName", "مینا");
        await page.FillAsync("#LastName", surname);
        await page.FillAsync("input[name='Phones[0].Number']", "0936" + Random.Shared.Next(1000000, 9999999));
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Contacts/Contacts/Details/**");

        await page.ClickAsync("#customer-new-ticket");
        await page.ArriveAtAsync("**/Tickets/Tickets/Create**");
        (await page.InputValueAsync("#customer-search")).ShouldContain(surname);
        await page.FillAsync("#Input_Subject", "دستگاه کارت‌خوان روشن نمی‌شود");
        await page.FillAsync("#Input_Description", "از دیروز صبح، پس از قطع برق.");
        await page.SelectOptionAsync("#Input_Priority", "High");
        await RunningApp.Shot(page, "ticket-new-fa");
        await page.ClickAsync("#save-ticket");
        await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
        (await page.InnerTextAsync("#ticket-number")).ShouldMatch(@"^TCK-\d{4}-\d{6}$");
        var sla = await page.InnerTextAsync("#ticket-sla");
        sla.ShouldContain("نخستین پاسخ");
        sla.ShouldContain("مانده");

        await page.FillAsync("#entry-body", "سلام، لطفاً یک بار دستگاه را از برق بکشید و دوباره وصل کنید.");
        await page.ClickAsync("#send-entry");
        await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
        (await page.InnerTextAsync("#ticket-thread")).ShouldContain("از برق بکشید");
        (await page.InnerTextAsync("#ticket-status")).ShouldBe("در دست انجام");
        (await page.InnerTextAsync("#ticket-sla")).ShouldContain("برآورده");

        var teams = await page.Locator("#refer-team option").CountAsync();
        if (teams > 1)
        {
            await page.Locator("#refer-team").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
            await page.FillAsync("#refer-note", "نیاز به بازدید حضوری");
            await page.ClickAsync("#refer");
            await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
            (await page.InnerTextAsync("#ticket-thread")).ShouldContain("نیاز به بازدید حضوری");
        }

        await RunningApp.Shot(page, "ticket-details-fa");
        var ticketUrl = page.Url.Split('?')[0];
        await page.GotoAsync(app.BaseUrl + "/Tickets/Tickets?culture=fa-IR&ui-culture=fa-IR");
        (await page.InnerTextAsync("#tickets")).ShouldContain("کارت‌خوان");
        await RunningApp.Shot(page, "tickets-list-fa");

        await page.GotoAsync(app.BaseUrl + "/Tickets/SlaPolicies?culture=fa-IR&ui-culture=fa-IR");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("rtl");
        (await page.InnerTextAsync("#policies")).ShouldContain("۴۰ ساعت کاری");
        await RunningApp.Shot(page, "sla-policies-fa");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(ticketUrl + "?culture=en-US&ui-culture=en-US");
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await phone.InnerTextAsync("#ticket-sla")).ShouldContain("Resolution");
        await RunningApp.Shot(phone, "ticket-details-en-phone");
        await phone.GotoAsync(app.BaseUrl + "/Tickets/Tickets?Sort=due&culture=en-US&ui-culture=en-US");
        await RunningApp.Shot(phone, "tickets-list-en-phone");
        await phone.GotoAsync(app.BaseUrl + "/Tickets/SlaPolicies?culture=en-US&ui-culture=en-US");
        (await phone.InnerTextAsync("#policies")).ShouldContain("Standard");
        await RunningApp.Shot(phone, "sla-policies-en-phone");
        await phone.GotoAsync(app.BaseUrl + "/Tickets/SlaPolicies/Edit?culture=en-US&ui-culture=en-US");
        await RunningApp.Shot(phone, "sla-policy-edit-en-phone");
    }

    /// <summary>Picks a record in a search box that suggests as one types: the first suggestion for <paramref name="text"/>.</summary>
    private static async Task PickAsync(Microsoft.Playwright.IPage page, string selector, string text)
    {
        await page.FillAsync(selector, text);
        var list = await page.GetAttributeAsync(selector, "list");
        var option = page.Locator($"#{list} option").First;
        await option.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        var label = await option.GetAttributeAsync("value") ?? "";
        await page.FillAsync(selector, label);
        await page.DispatchEventAsync(selector, "change");
        // A record picker sets its hidden field on change; the form is not sent before that has happened.
        var target = await page.GetAttributeAsync(selector, "data-target");
        if (target is not null)
        {
            await page.WaitForFunctionAsync("t => document.querySelector(t)?.value !== ''", target);
        }
    }

    [Fact]
    public async Task A_registered_item_s_ticket_is_referred_answered_and_repaired_with_parts_delivered_and_invoiced()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        var code = "PRN-" + Random.Shared.Next(10000, 99999);
        await page.GotoAsync(app.BaseUrl + "/Sales/Products/Create?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#Code", code);
        await page.FillAsync("#Name", "پرینتر لیزری " + code);
        await page.FillAsync("#BasePrice", "45000000");
        await page.FillAsync("#WarrantyMonths", "18");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products");
        var part = "CRT-" + Random.Shared.Next(10000, 99999);
        await page.GotoAsync(app.BaseUrl + "/Sales/Products/Create?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#Code", part);
        await page.FillAsync("#Name", "کارتریج " + part);
        await page.FillAsync("#BasePrice", "2500000");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products");

        var surname = "رحیمی" + Random.Shared.Next(10000, 99999);
        var contactUrl = await app.NewContactAsync(page, "بهاره", surname, culture: "fa-IR");
        var contact = contactUrl.Split('?')[0].Split('/').Last();

        // The printer she bought is registered: eighteen months of warranty from the purchase.
        await page.GotoAsync(app.BaseUrl + $"/Tickets/Registrations/Create?customer=Contact:{contact}&culture=fa-IR&ui-culture=fa-IR");
        await PickAsync(page, "#product-search", code);
        await page.FillAsync("#Input_SerialNumber", "SN-" + code);
        await page.FillAsync("#Input_PurchaseDate", "1405/09/01");
        await RunningApp.Shot(page, "registration-new-fa");
        await page.ClickAsync("#save-registration");
        await page.ArriveAtAsync("**/Tickets/Registrations/Details/**");
        (await page.GetAttributeAsync(".warranty-badge", "data-in-warranty")).ShouldBe("true");
        (await page.InnerTextAsync(".warranty-badge")).ShouldContain("خرداد ۱۴۰۷", customMessage: "18 months from 1 Azar 1405, a day short");
        await RunningApp.Shot(page, "registration-details-fa");

        // From her page: a ticket about the printer, referred, answered, its SLA counting down.
        await page.GotoAsync(contactUrl);
        await page.ClickAsync("#customer-new-ticket");
        await page.ArriveAtAsync("**/Tickets/Tickets/Create**");
        await page.FillAsync("#Input_Subject", "پرینتر کاغذ را جمع می‌کند");
        await page.SelectOptionAsync("#Input_RegistrationId", new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        await page.SelectOptionAsync("#Input_Channel", "WalkIn");
        await page.ClickAsync("#save-ticket");
        await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
        (await page.InnerTextAsync("#ticket-registration")).ShouldContain("در گارانتی");
        if (await page.Locator("#refer-team option").CountAsync() > 1)
        {
            await page.Locator("#refer-team").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
            await page.FillAsync("#refer-note", "برای تعمیرگاه");
            await page.ClickAsync("#refer");
            await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
            (await page.InnerTextAsync("#ticket-thread")).ShouldContain("برای تعمیرگاه");
        }

        (await page.InnerTextAsync("#ticket-sla")).ShouldContain("مانده");
        await page.FillAsync("#entry-body", "لطفاً دستگاه را برای تعمیر بیاورید.");
        await page.ClickAsync("#send-entry");
        await page.ArriveAtAsync("**/Tickets/Tickets/Details/**");
        (await page.InnerTextAsync("#ticket-thread")).ShouldContain("برای تعمیر بیاورید");

        // The repair: received in warranty, a cartridge the warranty does not cover and half an hour of covered work.
        await page.ClickAsync("#open-repair");
        await page.ArriveAtAsync("**/Tickets/Repairs/Create**");
        await page.FillAsync("#Input_Condition", "بدنه سالم، درب کاغذ شکسته");
        await page.FillAsync("#Input_Accessories", "کابل برق");
        await page.ClickAsync("#save-repair");
        await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        (await page.InnerTextAsync("#repair-warranty")).ShouldBe("در گارانتی");
        (await page.InnerTextAsync("#repair-number")).ShouldMatch(@"^RPR-\d{4}-\d{6}$");
        await PickAsync(page, "#part-search", part);
        await page.FillAsync("#part-quantity", "2");
        await page.UncheckAsync("#part-covered");
        await page.ClickAsync("#add-part-button");
        await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        await page.FillAsync("#op-description", "تعویض غلتک");
        await page.FillAsync("#op-minutes", "30");
        await page.FillAsync("#op-rate", "1200000");
        await page.ClickAsync("#add-operation-button");
        await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        (await page.InnerTextAsync("#repair-chargeable")).ShouldContain("۵٬۰۰۰٬۰۰۰");
        foreach (var status in new[] { "Diagnosing", "Repairing", "Ready" })
        {
            await page.SelectOptionAsync("#repair-next", status);
            await page.ClickAsync("#repair-move-button");
            await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        }

        (await page.InnerTextAsync("#repair-status")).ShouldBe("آماده‌ی تحویل");
        await page.FillAsync("#collected-by", "بهاره " + surname);
        await page.ClickAsync("#deliver-button");
        await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        (await page.InnerTextAsync("#repair-status")).ShouldBe("تحویل‌شده");
        await page.ClickAsync("#issue-invoice");
        await page.ArriveAtAsync("**/Tickets/Repairs/Details/**");
        (await page.InnerTextAsync("#repair-invoice-link")).ShouldNotBeEmpty();
        await RunningApp.Shot(page, "repair-details-fa");
        var repairUrl = page.Url.Split('?')[0];
        await page.ClickAsync("#repair-invoice-link");
        await page.ArriveAtAsync("**/Invoicing/Invoices/Details/**");
        await RunningApp.Shot(page, "repair-invoice-fa");

        // The same pages in English on a phone.
        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(repairUrl + "?culture=en-US&ui-culture=en-US");
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await phone.InnerTextAsync("#repair-status")).ShouldBe("Delivered");
        (await phone.InnerTextAsync("#repair-lines")).ShouldContain("covered by warranty");
        await RunningApp.Shot(phone, "repair-details-en-phone");
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Tickets/Repairs?culture=en-US&ui-culture=en-US", "repairs-list-en-phone");
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Tickets/Registrations?culture=en-US&ui-culture=en-US", "registrations-list-en-phone");
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Tickets/Repairs/Create?culture=en-US&ui-culture=en-US", "repair-new-en-phone");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Tickets/Mailboxes/Edit?culture=fa-IR&ui-culture=fa-IR", "mailbox-edit-fa");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Reports/Reports/Service?culture=fa-IR&ui-culture=fa-IR", "report-service-fa");
        (await page.InnerTextAsync("main")).ShouldContain("اهداف SLA برآورده");
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Reports/Reports/Service?culture=en-US&ui-culture=en-US", "report-service-en-phone");
    }
}
