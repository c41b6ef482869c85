using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.PortalSupport;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// Forms and tasks on the portal, on each provider: a customer fills a form shown there and reads back only the fields
/// marked for it (staff's status yes, staff's private note never); a workflow's task for the record's customer is done
/// on the portal (a document, a form) and wakes its run; anything of another customer is not found.
/// </summary>
public abstract partial class PortalFormsAndTasksTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>A request: what the customer types and a PDF; a status staff set, shown on the portal; a note staff keep to themselves.</summary>
    private const string Fields = """
        [
          {"Key":"subject","Type":"ShortText","LabelFa":"موضوع درخواست","LabelEn":"Subject","Required":true},
          {"Key":"doc","Type":"File","LabelFa":"مدرک","LabelEn":"Document","FileTypes":".pdf"},
          {"Key":"status","Type":"Dropdown","LabelFa":"وضعیت درخواست","LabelEn":"Status","StaffFills":true,"IsStatus":true,"Default":"new","Options":[{"Value":"new","LabelFa":"ثبت شده","LabelEn":"Received"},{"Value":"done","LabelFa":"پاسخ داده شد","LabelEn":"Answered"}]},
          {"Key":"internal","Type":"ShortText","LabelFa":"یادداشت محرمانه","LabelEn":"Private note","StaffFills":true,"OnPortal":false}
        ]
        """;

    private WebApplicationFactory<Program> App => fixture.App;

    [Fact]
    public async Task A_customer_fills_a_portal_form_and_reads_back_only_the_fields_marked_for_the_portal_and_another_customer_gets_not_found()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var (mobileA, mobileB) = (Mobile(), Mobile());
        var (contactA, contactB) = (await fixture.ContactWithMobileAsync(mobileA), await fixture.ContactWithMobileAsync(mobileB));
        var customerA = await fixture.PortalCustomerAsync(admin, contactA, mobileA);
        var customerB = await fixture.PortalCustomerAsync(admin, contactB, mobileB);
        var (formId, key) = await FormAsync(showOnPortal: true);
        var (_, hiddenKey) = await FormAsync(showOnPortal: false);

        var forms = await customerA.GetStringAsync("/portal/forms");
        forms.ShouldContain($"/portal/forms/{key}");
        forms.ShouldNotContain(hiddenKey, Case.Sensitive, "a form not marked for the portal is not listed");
        (await customerA.GetAsync($"/portal/forms/{hiddenKey}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nor can it be filled there");
        var page = await customerA.GetStringAsync($"/portal/forms/{key}");
        page.ShouldNotContain("name=\"internal\"");
        page.ShouldNotContain("name=\"status\"");

        // Refused with the field named, what was typed kept; then sent with its PDF.
        var refused = await SendAsync(customerA, key, [("subject", "")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("موضوع درخواست");
        var sent = await SendAsync(customerA, key, [("subject", "درخواست نمایندگی")], ("doc", "مجوز.pdf", Pdf));
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect, await sent.Content.ReadAsStringAsync());
        var id = Guid.Parse(sent.Headers.Location!.ToString().Split('/').Last());
        var submission = await fixture.Base.QueryAsync(db => db.Set<FormSubmission>().AsNoTracking().SingleAsync(s => s.Id == id));
        (submission.FormId, submission.ContactId, submission.Channel, submission.Status).ShouldBe((formId, contactA, SubmissionChannel.Portal, "new"));
        var file = await fixture.Base.QueryAsync(db => db.Set<FormSubmissionFile>().AsNoTracking().SingleAsync(f => f.SubmissionId == id));

        // Staff answer it, and write a note of their own (with a file in that field, as an import could leave).
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var row = await db.Set<FormSubmission>().SingleAsync(s => s.Id == id);
            var values = FormFields.ReadValues(row.Values);
            (values["status"], values["internal"]) = ("done", "یادداشت-محرمانه-کارکنان");
            (row.Values, row.Status) = (FormFields.WriteValues(values), "done");
            db.Add(new FormSubmissionFile { SubmissionId = id, Field = "internal", FileName = "secret.pdf", ContentType = "application/pdf", Length = 10, StoreName = file.StoreName });
            await db.SaveChangesAsync();
        }

        var secretFile = await fixture.Base.QueryAsync(db => db.Set<FormSubmissionFile>().AsNoTracking().SingleAsync(f => f.SubmissionId == id && f.Field == "internal"));
        var mine = await customerA.GetStringAsync($"/portal/submissions/{id}");
        mine.ShouldContain("درخواست نمایندگی");
        mine.ShouldContain("پاسخ داده شد", Case.Sensitive, "the status staff set is shown");
        mine.ShouldContain($"/portal/submissions/{id}/files/{file.Id}");
        mine.ShouldNotContain("یادداشت-محرمانه-کارکنان");
        mine.ShouldNotContain("یادداشت محرمانه");
        mine.ShouldNotContain(secretFile.Id.ToString());
        (await customerA.GetStringAsync("/portal/forms")).ShouldContain($"/portal/submissions/{id}");
        (await customerA.GetAsync($"/portal/submissions/{id}/files/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customerA.GetAsync($"/portal/submissions/{id}/files/{secretFile.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a file of a field kept from the portal");

        // Another customer: not listed, not found, not downloadable.
        (await customerB.GetStringAsync("/portal/forms")).ShouldNotContain(id.ToString());
        (await customerB.GetAsync($"/portal/submissions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customerB.GetAsync($"/portal/submissions/{id}/files/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Staff sessions are not portal sessions.
        (await admin.GetAsync($"/portal/submissions/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_form_set_to_give_its_customers_an_account_opens_one_and_texts_the_invitation_once()
    {
        var (formId, key) = await FormAsync(showOnPortal: false, isPublic: true, createAccount: true);
        var mobile = Mobile();
        var visitor = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            var page = await visitor.GetStringAsync($"/f/{key}");
            fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddSeconds(5);
            using var content = new MultipartFormDataContent
            {
                { new StringContent(FillToken().Match(page).Groups[1].Value), FormProtection.TokenField },
                { new StringContent("سؤال " + i), "subject" }, { new StringContent("مهسا کریمی"), "name" }, { new StringContent(mobile), "mobile" },
            };
            (await visitor.PostAsync($"/f/{key}", content)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var contact = await fixture.Base.QueryAsync(db => db.Set<FormSubmission>().Where(s => s.FormId == formId).Select(s => s.ContactId).Distinct().SingleAsync());
        var account = await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AsNoTracking().SingleAsync(a => a.ContactId == contact));
        account.MobileKey.ShouldBe(mobile[1..]);
        (await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.ToKey == mobile.Substring(1) && m.Body.Contains("/portal/sign-in"))))
            .ShouldBe(1, "invited once, however often the customer sends the form");
    }

    [Fact]
    public async Task A_workflow_task_for_the_record_s_customer_is_done_on_the_portal_and_its_run_goes_on_once()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var (_, formKey) = await FormAsync(showOnPortal: false);
        var city = Unique("شهر");
        var workflow = await WorkflowAsync(city,
            new StepSpec { Kind = StepKind.CreateTask, To = Recipient.Customer, Ask = CustomerAsk.Upload, WaitUntilDone = true, Subject = "ارسال کارت ملی", Text = "تصویر کارت ملی را بفرستید", Amount = 2, Unit = TimeUnit.Days },
            new StepSpec { Kind = StepKind.CreateTask, To = Recipient.Customer, Ask = CustomerAsk.Form, Form = formKey, WaitUntilDone = true, Subject = "تکمیل فرم درخواست", Amount = 2, Unit = TimeUnit.Days },
            new StepSpec { Kind = StepKind.AddTag, Tags = ["مدارک-کامل"] });
        var (mobileA, mobileB) = (Mobile(), Mobile());
        var contactA = await ContactInAsync(city, mobileA);
        var contactB = await fixture.ContactWithMobileAsync(mobileB);
        var customerA = await fixture.PortalCustomerAsync(admin, contactA, mobileA);
        var customerB = await fixture.PortalCustomerAsync(admin, contactB, mobileB);

        // The run asks the customer, who is told by SMS with a link built from the public address.
        await RunEngineAsync();
        var upload = await fixture.Base.QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.CustomerId == contactA && t.Subject == "ارسال کارت ملی"));
        (upload.Ask, upload.DoneAt, upload.Instructions).ShouldBe((CustomerAsk.Upload, (DateTime?)null, "تصویر کارت ملی را بفرستید"));
        var told = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.ToKey == mobileA.Substring(1) && m.Body.Contains("/portal/tasks/")));
        told.Body.ShouldContain($"http://localhost/portal/tasks/{upload.Id}");
        var run = await fixture.Base.QueryAsync(db => db.Set<WorkflowRun>().AsNoTracking().SingleAsync(r => r.WorkflowId == workflow && r.RecordId == contactA));
        run.State.ShouldBe(RunState.Waiting);

        // Another customer sees nothing of it and cannot do it.
        (await customerB.GetStringAsync("/portal/tasks")).ShouldNotContain(upload.Id.ToString());
        (await customerB.GetAsync($"/portal/tasks/{upload.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customerB.PostWithFiles("/portal/tasks", $"/portal/tasks/{upload.Id}", [("answer", "x")])).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The customer sends nothing (refused, said why), a page renamed to .pdf (refused), then the document.
        (await customerA.GetStringAsync("/portal/tasks")).ShouldContain($"/portal/tasks/{upload.Id}");
        var empty = await customerA.PostWithFiles($"/portal/tasks/{upload.Id}", $"/portal/tasks/{upload.Id}", [("answer", "بفرمایید")]);
        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("id=\"portal-task-error\"");
        (await DocumentAsync(customerA, upload.Id, "card.pdf", "<html><script>alert(1)</script>"u8.ToArray())).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await DocumentAsync(customerA, upload.Id, "کارت.pdf", Pdf)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DocumentAsync(customerA, upload.Id, "again.pdf", Pdf)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a second send changes nothing");
        var done = await fixture.Base.QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.Id == upload.Id));
        (done.DoneAt is not null, done.FileName, done.Comment).ShouldBe((true, "کارت.pdf", (string?)null));
        (await customerA.GetAsync($"/portal/tasks/{upload.Id}/document")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customerB.GetAsync($"/portal/tasks/{upload.Id}/document")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Staff who see the contact read the document from the run's page; a rep of another team does not.
        (await admin.GetAsync($"/Workflow/WorkflowTasks/Document/{upload.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stranger = await fixture.Base.SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Workflow/WorkflowTasks/Document/{upload.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The run goes on to the form task; the form, sent from the task's link, completes it and the run finishes.
        await RunEngineAsync();
        var formTask = await fixture.Base.QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.CustomerId == contactA && t.Subject == "تکمیل فرم درخواست"));
        var taskPage = await customerA.GetStringAsync($"/portal/tasks/{formTask.Id}");
        taskPage.ShouldContain($"/portal/forms/{formKey}?task={formTask.Id}");
        (await customerB.GetAsync($"/portal/forms/{formKey}?task={formTask.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the form is not on the portal, and the task is not theirs");
        (await customerA.GetStringAsync($"/portal/forms/{formKey}?task={formTask.Id}")).ShouldContain("id=\"portal-form-task\"");
        var sent = await SendAsync(customerA, $"{formKey}?task={formTask.Id}", [("subject", "فرم تکمیلی")]);
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect, await sent.Content.ReadAsStringAsync());
        var submissionId = Guid.Parse(sent.Headers.Location!.ToString().Split('/').Last());
        var completed = await fixture.Base.QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.Id == formTask.Id));
        (completed.DoneAt is not null, completed.ResultId).ShouldBe((true, (Guid?)submissionId));
        await RunEngineAsync();
        run = await fixture.Base.QueryAsync(db => db.Set<WorkflowRun>().AsNoTracking().SingleAsync(r => r.Id == run.Id));
        run.State.ShouldBe(RunState.Completed);
        (await fixture.Base.QueryAsync(db => db.Set<WorkflowStepLog>().CountAsync(l => l.RunId == run.Id && l.Kind == StepKind.AddTag))).ShouldBe(1, "the steps after the tasks ran once");
        (await admin.GetStringAsync($"/Workflow/Workflows/Run/{run.Id}")).ShouldContain($"/Workflow/WorkflowTasks/Document/{upload.Id}");
    }

    [Fact]
    public async Task A_task_for_the_customer_is_refused_on_a_record_type_without_one_and_for_a_step_other_than_a_task()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<WorkflowValidator>();
        var onLead = new WorkflowDefinition { Steps = [new StepSpec { Kind = StepKind.CreateTask, To = Recipient.Customer, Subject = "x" }] };
        validator.Validate("الف", "A", RecordTypes.Lead, onLead).ShouldNotBeEmpty();
        var withoutForm = new WorkflowDefinition { Steps = [new StepSpec { Kind = StepKind.CreateTask, To = Recipient.Customer, Ask = CustomerAsk.Form, Subject = "x" }] };
        validator.Validate("الف", "A", RecordTypes.Contact, withoutForm).ShouldNotBeEmpty();
        var notice = new WorkflowDefinition { Steps = [new StepSpec { Kind = StepKind.Notify, To = Recipient.Customer, Text = "x" }] };
        validator.Validate("الف", "A", RecordTypes.Contact, notice).ShouldNotBeEmpty();
        var good = new WorkflowDefinition { Steps = [new StepSpec { Kind = StepKind.CreateTask, To = Recipient.Customer, Ask = CustomerAsk.Confirm, Subject = "x" }] };
        validator.Validate("الف", "A", RecordTypes.Contact, good).ShouldBeEmpty();
    }

    private async Task<(Guid Id, string Key)> FormAsync(bool showOnPortal, bool isPublic = false, bool createAccount = false)
    {
        var name = Unique("فرم");
        var fields = createAccount
            ? Fields.Replace("""{"Key":"doc",""", """{"Key":"name","Type":"ShortText","LabelFa":"نام","LabelEn":"Name","ContactPart":"FullName"},{"Key":"mobile","Type":"Mobile","LabelFa":"همراه","LabelEn":"Mobile"},{"Key":"doc",""")
            : Fields;
        var form = new Form
        {
            Name = name, TitleFa = name, TitleEn = "Form " + name, PublicKey = Unique("k").Replace("-", ""), ShowOnPortal = showOnPortal, IsPublic = isPublic,
            AddToContacts = createAccount, CreatePortalAccount = createAccount,
        };
        var version = new FormVersion { FormId = form.Id, Number = 1, Fields = fields, CreatedAt = WorkflowAppFixture.SaturdayMorning };
        form.CurrentVersionId = version.Id;
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.AddRange(form, version);
        await db.SaveChangesAsync();
        return (form.Id, form.PublicKey);
    }

    private async Task<Guid> WorkflowAsync(string city, params StepSpec[] steps)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var definition = new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = city }] },
            Steps = [.. steps],
        };
        return (await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
            .CreateAsync("مدارک مشتری", "Customer documents", RecordTypes.Contact, definition, enabled: true, CancellationToken.None)).Id;
    }

    private async Task<Guid> ContactInAsync(string city, string mobile)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateContact("سارا", Unique("احمدی"), mobile, null, null, city, CustomerSource.Phone, null, null, null, null));
    }

    private async Task RunEngineAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
    }

    /// <summary>Opens a portal form and posts it with the page's tokens, as the browser would.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string keyAndQuery, (string Name, string Value)[] fields, params (string Field, string Name, byte[] Content)[] files)
    {
        var page = await client.GetStringAsync($"/portal/forms/{keyAndQuery}");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(FillToken().Match(page).Groups[1].Value), FormProtection.TokenField },
            { new StringContent(SessionToken().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, name, bytes) in files)
        {
            content.Add(new ByteArrayContent(bytes), field, name);
        }

        return await client.PostAsync($"/portal/forms/{keyAndQuery}", content);
    }

    private static async Task<HttpResponseMessage> DocumentAsync(HttpClient client, Guid task, string name, byte[] bytes)
    {
        var page = await client.GetStringAsync($"/portal/tasks/{task}");
        using var content = new MultipartFormDataContent { { new StringContent(SessionToken().Match(page).Groups[1].Value), "__RequestVerificationToken" } };
        content.Add(new ByteArrayContent(bytes), "document", name);
        return await client.PostAsync($"/portal/tasks/{task}", content);
    }

}

public sealed class SqlitePortalFormsAndTasksTests(SqlitePortalFixture fixture) : PortalFormsAndTasksTests<SqlitePortalFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalFormsAndTasksTests(PostgresPortalFixture fixture) : PortalFormsAndTasksTests<PostgresPortalFixture>(fixture);
