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
}
