using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// An administrator builds "new lead → a call task for its owner" in the designer, dry-runs it on a lead, switches it
/// on, adds a lead, and finds the task in their day and the run on the lead's page: in Persian on a desktop, then the
/// designer, the diagram and the run log in English on a phone.
/// </summary>
public sealed class WorkflowBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    private static async Task<string> QuickLeadAsync(IPage page, string baseUrl, string name)
    {
        await page.GotoAsync(baseUrl + "/Leads/Leads/Quick?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#Name", name);
        await page.FillAsync("#Mobile", "0912" + Random.Shared.Next(1000000, 9999999));
        await page.ClickAsync("#quick-form button[type=submit]");
        await page.ArriveAtAsync("**/Leads/Leads/Details/**");
        return page.Url;
    }

    [Fact]
    public async Task A_new_lead_workflow_is_built_in_the_designer_dry_run_switched_on_and_gives_the_owner_a_task()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        var surname = "نیک‌نام" + Random.Shared.Next(10000, 99999);
        await QuickLeadAsync(page, app.BaseUrl, "آرش " + surname);

        await page.GotoAsync(app.BaseUrl + "/Workflow/Workflows?culture=fa-IR&ui-culture=fa-IR");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("rtl");
        await page.ClickAsync("#new-workflow");
        await page.ArriveAtAsync("**/Workflow/Workflows/New");
        await page.FillAsync("#name-fa", "تماس با سرنخ تازه");
        await page.FillAsync("#name-en", "Call the new lead");
        await page.SelectOptionAsync("#steps-editor .add-step", "CreateTask");
        var step = page.Locator(".step[data-kind=CreateTask]");
        await step.Locator("input[aria-label='موضوع']").FillAsync("تماس با {FullName}");
        await step.Locator("input[aria-label='برچسب‌ها، جدا با ویرگول']").FillAsync("تماس-نخست");

        await page.FillAsync("#dry-run-record", surname);
        await page.ClickAsync("#dry-run");
        await page.WaitForSelectorAsync("#dry-run-result");
        (await page.InnerTextAsync("#dry-run-output")).ShouldContain("تماس با آرش " + surname);
        await RunningApp.Shot(page, "workflow-designer-fa");

        await page.CheckAsync("#enabled");
        await page.ClickAsync("#save-workflow");
        await page.ArriveAtAsync("**/Workflow/Workflows/Details/**");
        var details = await page.InnerTextAsync("main");
        details.ShouldContain("روشن");
        details.ShouldContain("تماس با {FullName}");
        var workflowUrl = page.Url;

        var leadUrl = await QuickLeadAsync(page, app.BaseUrl, "بهاره " + surname);
        var panel = page.Locator("#record-workflows");
        for (var i = 0; i < 60 && !(await panel.CountAsync() > 0 && (await panel.InnerTextAsync()).Contains("تمام‌شده", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(1000);
            await page.GotoAsync(leadUrl);
        }

        (await panel.InnerTextAsync()).ShouldContain("تماس با سرنخ تازه");
        (await page.InnerTextAsync("main")).ShouldContain("تماس با بهاره " + surname);
        await RunningApp.Shot(page, "workflow-lead-panel-fa");

        await page.GotoAsync(app.BaseUrl + "/Workflow/WorkflowTasks?culture=fa-IR&ui-culture=fa-IR");
        (await page.InnerTextAsync("#inbox")).ShouldContain("تماس با بهاره " + surname);
        // Filtered by the step's tag.
        await page.Locator("a.btn", new() { HasText = "تماس-نخست" }).ClickAsync();
        await page.ArriveAtAsync("**/Workflow/WorkflowTasks?tag=**");
        (await page.InnerTextAsync("#inbox")).ShouldContain("تماس با بهاره " + surname);
        await RunningApp.Shot(page, "workflow-inbox-fa");
        await page.GotoAsync(app.BaseUrl + "/Activities/MyDay?culture=fa-IR&ui-culture=fa-IR");
        (await page.InnerTextAsync("main")).ShouldContain("تماس با بهاره " + surname);

        await page.GotoAsync(workflowUrl);
        await page.Locator(".runs a[href*='/Workflow/Workflows/Run/']").First.ClickAsync();
        await page.ArriveAtAsync("**/Workflow/Workflows/Run/**");
        (await page.InnerTextAsync("main")).ShouldContain("انجام شد");
        await RunningApp.Shot(page, "workflow-run-fa");
        await page.GotoAsync(workflowUrl);
        await RunningApp.Shot(page, "workflow-diagram-fa");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(workflowUrl + "?culture=en-US&ui-culture=en-US");
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await phone.InnerTextAsync("main")).ShouldContain("A Lead is created");
        await RunningApp.Shot(phone, "workflow-diagram-en-phone");
        await phone.GotoAsync(app.BaseUrl + await phone.GetAttributeAsync("#edit-workflow", "href") + "?culture=en-US&ui-culture=en-US");
        (await phone.InputValueAsync(".step[data-kind=CreateTask] input[aria-label='Subject']")).ShouldBe("تماس با {FullName}");
        await RunningApp.Shot(phone, "workflow-designer-en-phone");
        await phone.GotoAsync(app.BaseUrl + "/Workflow/Workflows?culture=en-US&ui-culture=en-US");
        await RunningApp.Shot(phone, "workflow-list-en-phone");
    }

    [Fact]
    public async Task An_invoice_reminder_on_a_date_with_a_repeat_and_a_deal_for_a_converted_lead_are_designed_and_an_approval_reaches_the_inbox()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Workflow/Workflows/New?culture=en-US&ui-culture=en-US");
        await page.FillAsync("#name-fa", "پیگیری سررسید");
        await page.FillAsync("#name-en", "Due date chase");
        await page.SelectOptionAsync("#record-type", "Invoice");
        await page.Locator("#trigger-editor select").First.SelectOptionAsync("DateReached");
        await page.Locator("#trigger-editor select").Nth(1).SelectOptionAsync("DueDate");
        await page.Locator("#trigger-editor input[type=number]").FillAsync("2");
        await page.Locator("#trigger-editor select").Nth(3).SelectOptionAsync("before");
        await page.SelectOptionAsync("#steps-editor .add-step", "Repeat");
        var repeat = page.Locator(".step[data-kind=Repeat]");
        await repeat.Locator(".rule select").First.SelectOptionAsync("PaidAt");
        await repeat.Locator(".rule select").Nth(1).SelectOptionAsync("NotEmpty");
        await repeat.Locator(".add-step").SelectOptionAsync("CreateTask");
        await repeat.Locator(".step[data-kind=CreateTask] input[aria-label='Subject']").FillAsync("Call {CustomerName} about {Number}");
        await RunningApp.Shot(page, "workflow-designer-repeat-en");
        await page.ClickAsync("#save-workflow");
        await page.ArriveAtAsync("**/Workflow/Workflows/Details/**");
        await page.GotoAsync(page.Url.Split('?')[0] + "?culture=en-US&ui-culture=en-US");
        var diagram = await page.InnerTextAsync("main");
        diagram.ShouldContain("2 days before Due date");
        diagram.ShouldContain("Every 7 days, at most 8 times, until");
        await RunningApp.Shot(page, "workflow-diagram-repeat-en");

        // A converted lead gets a deal: "create a related record", designed in Persian.
        await page.GotoAsync(app.BaseUrl + "/Workflow/Workflows/New?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#name-fa", "فرصت برای سرنخ تبدیل‌شده");
        await page.FillAsync("#name-en", "Deal for a converted lead");
        await page.Locator("#trigger-editor select").First.SelectOptionAsync("Updated");
        await page.Locator("#trigger-editor select").Nth(1).SelectOptionAsync("Status");
        await page.Locator("#trigger-editor select").Nth(2).SelectOptionAsync("Converted");
        await page.SelectOptionAsync("#steps-editor .add-step", "CreateRecord");
        var create = page.Locator(".step[data-kind=CreateRecord]");
        (await create.Locator("select").First.InputValueAsync()).ShouldBe("Opportunity");
        await create.Locator("input").FillAsync("فروش به {FullName}");
        await RunningApp.Shot(page, "workflow-designer-deal-fa");
        await page.ClickAsync("#save-workflow");
        await page.ArriveAtAsync("**/Workflow/Workflows/Details/**");
        (await page.InnerTextAsync("main")).ShouldContain("ایجاد فرصت فروش با نام «فروش به {FullName}»");
        await RunningApp.Shot(page, "workflow-diagram-deal-fa");

        // An approval for the administrators' role, on leads of one surname only.
        var surname = "Approve" + Random.Shared.Next(10000, 99999);
        await page.GotoAsync(app.BaseUrl + "/Workflow/Workflows/New?culture=en-US&ui-culture=en-US");
        await page.FillAsync("#name-fa", "تأیید سرنخ");
        await page.FillAsync("#name-en", "Approve the lead");
        await page.Locator("#conditions-editor button", new() { HasText = "Add a rule" }).ClickAsync();
        await page.Locator("#conditions-editor .rule select").Nth(1).SelectOptionAsync("Contains");
        await page.Locator("#conditions-editor .rule input").FillAsync(surname);
        await page.SelectOptionAsync("#steps-editor .add-step", "Approval");
        var approval = page.Locator(".step[data-kind=Approval]");
        await approval.Locator("input[aria-label='Subject']").FillAsync("Accept {FullName} as a key account?");
        await approval.Locator("select").First.SelectOptionAsync("Role");
        await approval.Locator("select").Nth(1).SelectOptionAsync("Administrator");
        await page.CheckAsync("#enabled");
        await page.ClickAsync("#save-workflow");
        await page.ArriveAtAsync("**/Workflow/Workflows/Details/**");
        await page.GotoAsync(page.Url.Split('?')[0] + "?culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("main")).ShouldContain("a member of the role Administrator");

        await QuickLeadAsync(page, app.BaseUrl, "Sara " + surname);
        var inbox = page.Locator("#inbox");
        for (var i = 0; i < 60 && !(await inbox.CountAsync() > 0 && (await inbox.InnerTextAsync()).Contains(surname, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(1000);
            await page.GotoAsync(app.BaseUrl + "/Workflow/WorkflowTasks?culture=en-US&ui-culture=en-US");
        }

        (await inbox.InnerTextAsync()).ShouldContain("Accept Sara " + surname + " as a key account?");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        await RunningApp.Shot(page, "workflow-approval-en");
    }
}
