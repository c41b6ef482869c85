using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.PortalSupport;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

public sealed class SqliteFormsFixture() : WorkflowAppFixture(DatabaseProviders.Sqlite);

public sealed class PostgresFormsFixture() : WorkflowAppFixture(DatabaseProviders.PostgreSql);

/// <summary>
/// Forms on each provider with a clock the tests move (a post must come no sooner than the form's fill time): every
/// field type's check, public submissions that find or create their contact, staff fields kept from visitors, versions,
/// the public form's defences, uploads, workflows started by submissions, and who may design and read them. Each test
/// makes its own forms, since the app is shared by the class.
/// </summary>
public abstract partial class FormsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private const string En = "?culture=en-US&ui-culture=en-US";

    private MovableClock Clock => fixture.Clock;

    private WebApplicationFactory<Program> App => fixture.App;

    /// <summary>A request form with every type: name and mobile feed the contact, a note shown only for complaints, a status and a note staff fill in, a PDF.</summary>
    private const string RequestFields = """
        [
          {"Key":"name","Type":"ShortText","LabelFa":"نام و نام خانوادگی","LabelEn":"Full name","Required":true,"ContactPart":"FullName"},
          {"Key":"mobile","Type":"Mobile","LabelFa":"شماره همراه","LabelEn":"Mobile","Required":true},
          {"Key":"email","Type":"Email","LabelFa":"ایمیل","LabelEn":"Email"},
          {"Key":"kind","Type":"Dropdown","LabelFa":"نوع درخواست","LabelEn":"Request","Required":true,"Options":[{"Value":"order","LabelFa":"سفارش","LabelEn":"Order"},{"Value":"complaint","LabelFa":"شکایت","LabelEn":"Complaint"}]},
          {"Key":"detail","Type":"LongText","LabelFa":"شرح شکایت","LabelEn":"Complaint","Required":true,"ShowWhen":{"Field":"kind","Value":"complaint"}},
          {"Key":"count","Type":"Number","LabelFa":"تعداد","LabelEn":"Quantity","Min":1,"Max":500},
          {"Key":"file","Type":"File","LabelFa":"پیوست","LabelEn":"Attachment","FileTypes":".pdf","MaxKilobytes":100},
          {"Key":"status","Type":"Dropdown","LabelFa":"وضعیت سفارش","LabelEn":"Order status","StaffFills":true,"IsStatus":true,"Default":"new","Options":[{"Value":"new","LabelFa":"ثبت شده","LabelEn":"Received"},{"Value":"sent","LabelFa":"ارسال شده","LabelEn":"Sent"}]},
          {"Key":"internal","Type":"ShortText","LabelFa":"یادداشت محرمانه کارکنان","LabelEn":"Internal staff note","StaffFills":true,"OnPortal":false}
        ]
        """;

    [Fact]
    public async Task Every_field_type_takes_good_values_in_any_digit_script_and_refuses_bad_ones_with_a_message_naming_the_field()
    {
        var cases = new (string Type, string Extra, string Typed, string? Stored)[]
        {
            ("ShortText", "\"MaxLength\":5", "سلام", "سلام"),
            ("ShortText", "\"MaxLength\":5", "سلام دنیا", null),
            ("ShortText", "\"MinLength\":3", "ab", null),
            ("ShortText", "\"Pattern\":\"[A-Z]{2}-\\\\d+\"", "AB-12", "AB-12"),
            ("ShortText", "\"Pattern\":\"[A-Z]{2}-\\\\d+\"", "ab-12", null),
            ("LongText", "", new string('x', 4001), null),
            ("Number", "\"Min\":1,\"Max\":100", "۴۲", "42"),
            ("Number", "\"Min\":1,\"Max\":100", "٣٫٥", "3.5"),
            ("Number", "\"Min\":1,\"Max\":100", "101", null),
            ("Number", "", "چهل", null),
            ("Amount", "", "۱٬۲۵۰٬۰۰۰", "1250000"),
            ("Amount", "", "12.5", null),
            ("Amount", "", "-5", null),
            ("Amount", "", "99999999999999999999", null),
            ("Date", "", "۱۴۰۵/۰۹/۱۴", "2026-12-05"),
            ("Date", "", "1405/13/01", null),
            ("Date", "\"Max\":0", "۱۴۰۶/۰۱/۰۱", null),
            ("YesNo", "\"Required\":true", "true", "true"),
            ("YesNo", "\"Required\":true", "", null),
            ("SingleChoice", "\"Options\":[{\"Value\":\"a\",\"LabelFa\":\"الف\"}]", "a", "a"),
            ("SingleChoice", "\"Options\":[{\"Value\":\"a\",\"LabelFa\":\"الف\"}]", "z", null),
            ("MultipleChoice", "\"Options\":[{\"Value\":\"a\",\"LabelFa\":\"الف\"},{\"Value\":\"b\",\"LabelFa\":\"ب\"}]", "b,a", "a,b"),
            ("MultipleChoice", "\"Options\":[{\"Value\":\"a\",\"LabelFa\":\"الف\"}]", "a,x", null),
            ("Dropdown", "\"Options\":[{\"Value\":\"a\",\"LabelFa\":\"الف\"}]", "a", "a"),
            ("Mobile", "", "+98 912 123 4567", "09121234567"),
            ("Mobile", "", "۰۹۱۲-۱۲۳-۴۵۶۷", "09121234567"),
            ("Mobile", "", "٠٩١٢١٢٣٤٥٦٧", "09121234567"),
            ("Mobile", "", "021 8888 1234", null),
            ("Mobile", "", "0912123", null),
            ("Email", "", " Sara.Ahmadi@Example.COM ", "sara.ahmadi@example.com"),
            ("Email", "", "sara@", null),
            ("NationalId", "", "۰۰۱۳۵۴۲۴۱۹", "0013542419"),
            ("NationalId", "", "0013542418", null),
            ("NationalId", "", "1111111111", null),
            ("NationalId", "", "13542419", null),
            ("PostalCode", "", "۱۳۱۸۶-۸۳۱۱۱", "1318683111"),
            ("PostalCode", "", "1234567890", null),
            ("PostalCode", "", "131868311", null),
            ("Url", "", " https://shop.example.com/p?id=7 ", "https://shop.example.com/p?id=7"),
            ("Url", "", "javascript:alert(1)", null),
            ("Url", "", "ftp://files.example.com/a", null),
            ("Url", "", "https://exa mple.com", null),
        };

        await using var scope = App.Services.CreateAsyncScope();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("fa-IR");
        try
        {
            var rules = scope.ServiceProvider.GetRequiredService<FieldRules>();
            foreach (var (type, extra, typed, stored) in cases)
            {
                var field = FormFields.Read($$"""[{"Key":"f","Type":"{{type}}","LabelFa":"فیلد آزمون"{{(extra.Length > 0 ? "," + extra : "")}}}]""").Single();
                var check = rules.Check(field, typed);
                if (stored is null)
                {
                    check.Error.ShouldNotBeNull($"{type} {extra} should refuse «{typed}»");
                    check.Error.ShouldContain("فیلد آزمون");
                    check.Error.ShouldNotContain(typed.Length > 3 ? typed : "\u0000");
                }
                else
                {
                    check.Error.ShouldBeNull($"{type} {extra} should take «{typed}»");
                    check.Value.ShouldBe(stored);
                }
            }

            // A date and time typed as Tehran's local time is stored in UTC.
            var at = FormFields.Read("""[{"Key":"f","Type":"DateTime","LabelFa":"زمان"}]""").Single();
            rules.Check(at, "۱۴۰۵/۰۹/۱۴", "۱۰:۳۰").Value.ShouldBe("2026-12-05T07:00Z");
            rules.Check(at, "۱۴۰۵/۰۹/۱۴", "25:00").Error.ShouldNotBeNull();
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task A_public_submission_finds_the_contact_by_a_mobile_typed_another_way_and_otherwise_creates_one()
    {
        var (formId, key) = await NewFormAsync(RequestFields, addToContacts: true);
        var known = await ContactAsync("09" + Random.Shared.Next(10, 99) + Random.Shared.Next(1000000, 9999999));
        var visitor = Visitor();

        // Persian digits, the country code and spaces: the same normalised key as the stored contact.
        var typedMobile = "+98 " + Crm.SharedKernel.Localization.Digits.ToPersian(known.Mobile[1..4] + " " + known.Mobile[4..]);
        var response = await SubmitAsync(visitor, key, ("name", "کسی دیگر"), ("mobile", typedMobile), ("kind", "order"), ("count", "۳"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/f/{key}/thanks");
        var first = await LatestAsync(formId);
        first.ContactId.ShouldBe(known.Id);
        first.Channel.ShouldBe(SubmissionChannel.Public);
        first.Status.ShouldBe("new");
        var values = FormFields.ReadValues(first.Values);
        values["count"].ShouldBe("3");
        values["mobile"].ShouldBe(known.Mobile);
        values.ShouldNotContainKey("detail");

        // A mobile nobody has: a new contact named from the form, found again by the next submission.
        var newMobile = Mobile();
        var name = Unique("سارا احمدی");
        (await SubmitAsync(Visitor(), key, ("name", name), ("mobile", newMobile), ("kind", "complaint"), ("detail", "دیر رسید"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var second = await LatestAsync(formId);
        second.ContactId.ShouldNotBeNull();
        second.ContactId.ShouldNotBe(known.Id);
        var created = await fixture.Base.QueryAsync(db => db.Set<Contact>().Include(c => c.Phones).FirstAsync(c => c.Id == second.ContactId));
        created.FullName.ShouldBe(name);
        created.Source.ShouldBe(CustomerSource.Website);
        created.Phones.Single().NumberKey.ShouldBe(newMobile[1..]);
        (await SubmitAsync(Visitor(), key, ("name", "سارا"), ("mobile", newMobile), ("kind", "order"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LatestAsync(formId)).ContactId.ShouldBe(second.ContactId);

        // A substring of a known mobile is not a match.
        var part = Mobile();
        var partOwner = await ContactAsync(part);
        (await SubmitAsync(Visitor(), key, ("name", "دیگری"), ("mobile", part[..^1] + (part[^1] == '9' ? '8' : '9')), ("kind", "order"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LatestAsync(formId)).ContactId.ShouldNotBe(partOwner.Id);

        // A conditional field hidden by its condition is neither required nor kept; shown, it is required.
        var refused = await SubmitAsync(Visitor(), key, ("name", "نفر"), ("mobile", Mobile()), ("kind", "complaint"));
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("«شرح شکایت» الزامی است.");
    }

    [Fact]
    public async Task Staff_fields_are_never_sent_to_a_visitor_nor_taken_from_one_and_staff_fill_them_on_the_submission()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (formId, key) = await NewFormAsync(RequestFields, addToContacts: true, team: team);
        var page = await Visitor().GetStringAsync($"/f/{key}");
        page.ShouldContain("نام و نام خانوادگی");
        page.ShouldNotContain("یادداشت محرمانه کارکنان");
        page.ShouldNotContain("name=\"internal\"");
        page.ShouldNotContain("وضعیت سفارش");
        page.ShouldNotContain("name=\"status\"");

        // A visitor who posts the staff fields anyway changes nothing.
        (await SubmitAsync(Visitor(), key, ("name", "مهمان"), ("mobile", Mobile()), ("kind", "order"), ("status", "sent"), ("internal", "hacked"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var submission = await LatestAsync(formId);
        submission.Status.ShouldBe("new");
        FormFields.ReadValues(submission.Values).ShouldNotContainKey("internal");

        // Staff of the team fill them in on the submission's page; a bad status is refused.
        var (rep, _) = await SignedInAsync(CrmRoles.SalesRep, team);
        var details = $"/Forms/Submissions/Details/{submission.Id}";
        var html = await rep.GetStringAsync(details);
        html.ShouldContain("یادداشت محرمانه کارکنان");
        var bad = await rep.PostForm(details, $"/Forms/Submissions/SaveStaff/{submission.Id}", ("version", submission.Version.ToString()), ("status", "lost"), ("internal", "x"));
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var saved = await rep.PostForm(details, $"/Forms/Submissions/SaveStaff/{submission.Id}", ("version", submission.Version.ToString()), ("status", "sent"), ("internal", "تماس گرفته شد"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await fixture.Base.QueryAsync(db => db.Set<FormSubmission>().FirstAsync(s => s.Id == submission.Id));
        after.Status.ShouldBe("sent");
        FormFields.ReadValues(after.Values)["internal"].ShouldBe("تماس گرفته شد");

        // The list filters on the status and on any field through the searchable values.
        var list = await rep.GetStringAsync($"/Forms/Submissions?form={formId}&status=sent");
        list.ShouldContain(submission.Id.ToString());
        (await rep.GetStringAsync($"/Forms/Submissions?form={formId}&field=name&value=مهم")).ShouldContain(submission.Id.ToString());
        (await rep.GetStringAsync($"/Forms/Submissions?form={formId}&field=name&value=دیگر")).ShouldNotContain(submission.Id.ToString());

        // Saving again with the version read before is refused, not lost.
        var stale = await rep.PostForm(details, $"/Forms/Submissions/SaveStaff/{submission.Id}", ("version", submission.Version.ToString()), ("status", "new"));
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_form_edited_after_submissions_keeps_the_old_ones_readable_with_the_fields_they_had()
    {
        var admin = await AdminAsync();
        var (formId, key) = await NewFormAsync("""[{"Key":"city","Type":"ShortText","LabelFa":"شهر محل سکونت","Required":true}]""", admin: admin);
        (await SubmitAsync(Visitor(), key, ("city", "تبریز"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var old = await LatestAsync(formId);

        var form = await fixture.Base.QueryAsync(db => db.Set<Form>().FirstAsync(f => f.Id == formId));
        var edit = await admin.PostForm($"/Forms/Forms/Edit/{formId}", "/Forms/Forms/Edit", Settings(form.Name, formId, form.Version,
            """[{"Key":"region","Type":"ShortText","LabelFa":"منطقه","Required":true}]""").ToArray());
        edit.StatusCode.ShouldBe(HttpStatusCode.Redirect, await edit.Content.ReadAsStringAsync());
        (await fixture.Base.QueryAsync(db => db.Set<FormVersion>().CountAsync(v => v.FormId == formId))).ShouldBe(2);
        (await Visitor().GetStringAsync($"/f/{key}")).ShouldNotContain("شهر محل سکونت");

        var page = await admin.GetStringAsync($"/Forms/Submissions/Details/{old.Id}");
        page.ShouldContain("شهر محل سکونت");
        page.ShouldContain("تبریز");
        page.ShouldContain("نسخه ۱");

        // The export has a column for every version's fields.
        var export = await admin.GetAsync($"/Forms/Submissions/Export?form={formId}");
        var sheet = await XlsxText(export);
        sheet.ShouldContain("شهر محل سکونت");
        sheet.ShouldContain("منطقه");
        sheet.ShouldContain("تبریز");
    }

    [Fact]
    public async Task Honeypot_too_fast_forged_and_too_frequent_posts_are_refused_with_a_message_and_nothing_stored()
    {
        var (formId, key) = await NewFormAsync("""[{"Key":"city","Type":"ShortText","LabelFa":"شهر","Required":true}]""");
        var visitor = Visitor();

        var trap = await SubmitAsync(visitor, key, ("city", "قم"), (FormProtection.HoneypotField, "http://spam.example"));
        trap.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await trap.Content.ReadAsStringAsync()).ShouldContain("پاسخ شما پذیرفته نشد");

        var quick = await SubmitAsync(visitor, key, [("city", "قم")], wait: false);
        quick.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await quick.Content.ReadAsStringAsync()).ShouldContain("خیلی زود");

        using (var forged = new MultipartFormDataContent { { new StringContent("made-up"), FormProtection.TokenField }, { new StringContent("قم"), "city" } })
        {
            var response = await visitor.PostAsync($"/f/{key}", forged);
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await response.Content.ReadAsStringAsync()).ShouldContain("منقضی");
        }

        // A day-old page has expired.
        var token = await TokenAsync(visitor, key);
        Clock.UtcNow = Clock.UtcNow.AddHours(25);
        var stale = await PostAsync(visitor, key, token, [("city", "قم")]);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("منقضی");
        (await CountAsync(formId)).ShouldBe(0);

        // The same page posted twice is one submission.
        token = await TokenAsync(visitor, key);
        Clock.UtcNow = Clock.UtcNow.AddSeconds(5);
        (await PostAsync(visitor, key, token, [("city", "قم")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(visitor, key, token, [("city", "قم")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountAsync(formId)).ShouldBe(1);

        // Past the per-address limit (counted in the database, so every instance agrees), with a message and nothing stored.
        using var limited = fixture.Host(configure: b => b.UseSetting("Forms:PerAddressPerHour", "2"));
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await SubmitAsync(client, key, ("city", "قم"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var over = await SubmitAsync(client, key, ("city", "قم"));
        over.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await over.Content.ReadAsStringAsync()).ShouldContain("یک ساعت دیگر");
        (await CountAsync(formId)).ShouldBe(2);

        // What a visitor typed comes back encoded.
        var xss = await SubmitAsync(Visitor(), key, [("city", "<script>alert(1)</script>"), (FormProtection.HoneypotField, "x")]);
        var html = await xss.Content.ReadAsStringAsync();
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task An_upload_of_a_forbidden_type_or_size_is_refused_and_a_good_one_is_served_only_to_those_who_may_see_the_submission()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (formId, key) = await NewFormAsync(RequestFields, team: team);
        var fields = new[] { ("name", "علی"), ("mobile", Mobile()), ("kind", "order") };

        var page = await SubmitAsync(Visitor(), key, fields, files: [("file", "report.pdf", "<html><script>alert(1)</script></html>"u8.ToArray())]);
        page.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await page.Content.ReadAsStringAsync()).ShouldContain("نوع فایل");

        var exe = await SubmitAsync(Visitor(), key, fields, files: [("file", "setup.exe", "MZ\u0090"u8.ToArray())]);
        exe.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var big = new byte[101 * 1024];
        "%PDF-1.4\n"u8.CopyTo(big);
        var large = await SubmitAsync(Visitor(), key, fields, files: [("file", "big.pdf", big)]);
        large.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await large.Content.ReadAsStringAsync()).ShouldContain("بیش از اندازه بزرگ");
        (await CountAsync(formId)).ShouldBe(0);

        var pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray();
        (await SubmitAsync(Visitor(), key, fields, files: [("file", "../../invoice.pdf", pdf)])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var submission = await LatestAsync(formId);
        var file = await fixture.Base.QueryAsync(db => db.Set<FormSubmissionFile>().SingleAsync(f => f.SubmissionId == submission.Id));
        file.FileName.ShouldBe("invoice.pdf");
        file.StoreName.ShouldStartWith("forms/");

        var (member, _) = await SignedInAsync(CrmRoles.SalesRep, team);
        var served = await member.GetAsync($"/Forms/Submissions/File/{file.Id}");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        var (stranger, _) = await SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Forms/Submissions/File/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Forms/Submissions/Details/{submission.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Visitor().GetAsync($"/Forms/Submissions/File/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_submission_starts_a_workflow_that_can_move_its_status()
    {
        var (formId, key) = await NewFormAsync(RequestFields);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var definition = new WorkflowDefinition
            {
                Trigger = new TriggerSpec { Kind = TriggerKind.Created },
                Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "FormId", Operator = ConditionOperator.Equals, Value = formId.ToString() }] },
                Steps = [new StepSpec { Kind = StepKind.SetField, Field = "Status", Value = "sent" }],
            };
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
                .CreateAsync("پیگیری سفارش", "Order follow-up", FormRecordTypes.Submission, definition, enabled: true, CancellationToken.None);
        }

        (await SubmitAsync(Visitor(), key, ("name", "رضا"), ("mobile", Mobile()), ("kind", "order"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var submission = await LatestAsync(formId);
        (await fixture.Base.QueryAsync(db => db.Set<WorkflowRun>().CountAsync(r => r.RecordId == submission.Id))).ShouldBe(1);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
        }

        var after = await fixture.Base.QueryAsync(db => db.Set<FormSubmission>().FirstAsync(s => s.Id == submission.Id));
        after.Status.ShouldBe("sent");
        FormFields.ReadValues(after.Values)["status"].ShouldBe("sent");
        (await fixture.Base.QueryAsync(db => db.Set<FormSubmissionValue>().AnyAsync(v => v.SubmissionId == submission.Id && v.Field == "status" && v.Value == "sent"))).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_designers_open_the_designer_a_staff_form_needs_signing_in_and_an_embed_may_be_framed_only_by_its_sites()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (rep, _) = await SignedInAsync(CrmRoles.SalesRep, team);
        (await rep.GetAsync("/Forms/Forms")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync("/Forms/Forms/Edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (marketer, _) = await SignedInAsync(CrmRoles.Marketer, team);
        (await marketer.GetAsync("/Forms/Forms/Edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (agent, _) = await SignedInAsync(CrmRoles.SupportAgent, team);
        (await agent.GetAsync("/Forms/Submissions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.GetAsync("/Forms/Map")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync($"/Forms/Submissions/Export?form={Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A bad field is refused with the reason, and nothing is saved.
        var admin = await AdminAsync();
        var name = Unique("فرم نادرست");
        var refused = await admin.PostForm("/Forms/Forms/Edit", "/Forms/Forms/Edit",
            Settings(name, null, Guid.Empty, """[{"Key":"a","Type":"ShortText","LabelFa":"کد","Pattern":"(unclosed"}]""").ToArray());
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("عبارت باقاعده معتبری نیست");
        (await fixture.Base.QueryAsync(db => db.Set<Form>().AnyAsync(f => f.Name == name))).ShouldBeFalse();

        // A form that is not public: visitors are sent to sign in; staff fill it in as staff.
        var (formId, key) = await NewFormAsync("""[{"Key":"shop","Type":"ShortText","LabelFa":"نام داروخانه","Required":true}]""", isPublic: false, team: team, sites: "https://shop.example.com");
        (await Visitor().GetAsync($"/f/{key}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var staffPage = await rep.GetAsync($"/f/{key}");
        staffPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SubmitAsync(rep, key, ("shop", "داروخانه مرکزی"))).Headers.Location!.ToString().ShouldStartWith("/Forms/Submissions/Details/");
        var staffSubmission = await LatestAsync(formId);
        staffSubmission.Channel.ShouldBe(SubmissionChannel.Staff);

        // Another site cannot post in a signed-in member's name with a fill token it fetched itself: the session's token is missing.
        var fetched = await TokenAsync(rep, key);
        Clock.UtcNow = Clock.UtcNow.AddSeconds(5);
        var forged = await PostAsync(rep, key, fetched, [("shop", "جعلی")]);
        forged.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await LatestAsync(formId)).Id.ShouldBe(staffSubmission.Id);

        // Pages are never framed, except a form's embed, by its own sites.
        var open = await rep.GetAsync($"/f/{key}");
        open.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        var embed = await rep.GetAsync($"/f/{key}/embed");
        var policy = embed.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("frame-ancestors https://shop.example.com 'self'");
        embed.Headers.Contains("X-Frame-Options").ShouldBeFalse();

        // The designer shows the public link and embed snippet built from the configured public address.
        var designer = await admin.GetStringAsync($"/Forms/Forms/Edit/{formId}");
        designer.ShouldContain($"http://localhost/f/{key}");
        designer.ShouldContain("/js/form-embed.js");
    }

    [Fact]
    public async Task A_person_limit_counts_submissions_by_the_normalised_mobile_and_the_figures_count_views()
    {
        var (formId, key) = await NewFormAsync(RequestFields, maxPerPerson: 1);
        var mobile = Mobile();
        (await SubmitAsync(Visitor(), key, ("name", "یک"), ("mobile", mobile), ("kind", "order"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await SubmitAsync(Visitor(), key, ("name", "دو"), ("mobile", "+98" + mobile[1..]), ("kind", "order"));
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await again.Content.ReadAsStringAsync()).ShouldContain("بیشترین تعداد مجاز");
        (await CountAsync(formId)).ShouldBe(1);

        var admin = await AdminAsync();
        var list = await admin.GetStringAsync($"/Forms/Submissions?form={formId}" + "&culture=en-US&ui-culture=en-US");
        list.ShouldContain("id=\"form-figures\"");
        (await fixture.Base.QueryAsync(db => db.Set<Form>().Where(f => f.Id == formId).Select(f => f.Views).FirstAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task The_list_s_statement_returns_the_same_pages_as_its_query_for_every_filter_and_viewer()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (agent, colleague, loner) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var tag = Unique("lst");
        var fields = FormFields.Read(RequestFields);
        var form = new Form { Name = tag, TitleFa = tag, PublicKey = Unique("k") };
        var version = new FormVersion { FormId = form.Id, Number = 1, Fields = RequestFields, CreatedAt = WorkflowAppFixture.SaturdayMorning };
        form.CurrentVersionId = version.Id;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.AddRange(form, version);
            for (var i = 0; i < 40; i++)
            {
                var values = new Dictionary<string, string> { ["name"] = (i % 3 == 0 ? "سارا " : "علی ") + i, ["kind"] = i % 4 == 0 ? "complaint" : "order", ["status"] = i % 5 == 0 ? "sent" : "new" };
                var submission = new FormSubmission
                {
                    FormId = form.Id, VersionId = version.Id, Values = FormFields.WriteValues(values), Status = values["status"], Channel = (SubmissionChannel)(i % 3),
                    ContactName = i % 6 == 0 ? null : "مشتری " + tag + " " + (i % 2), CreatedAt = WorkflowAppFixture.SaturdayMorning.AddHours(-9 * i),
                    OwnerId = (i % 4) switch { 0 => agent, 1 => colleague, 2 => loner, _ => null }, TeamId = i % 4 == 2 ? null : team,
                    Latitude = i % 3 == 1 ? 35.7 : null, Longitude = i % 3 == 1 ? 51.4 : null, IsDeleted = i % 9 == 0, CreatedBy = i % 7 == 0 ? agent : null,
                };
                db.Add(submission);
                db.AddRange(FormSubmissions.SearchRows(submission, fields, values));
            }

            await db.SaveChangesAsync();
        }

        ICurrentUser[] viewers = [new Viewer(Guid.NewGuid(), null, true), new Viewer(agent, team, false), new Viewer(loner, null, false), new Viewer(Guid.NewGuid(), team, false)];
        Func<SubmissionFilter>[] filters =
        [
            () => new() { Form = form.Id }, () => new() { Form = form.Id, Field = "name", Value = "سارا" }, () => new() { Form = form.Id, Field = "kind", Value = "complaint" },
            () => new() { Form = form.Id, Status = "sent" }, () => new() { Form = form.Id, Channel = SubmissionChannel.Staff }, () => new() { Form = form.Id, User = agent },
            () => new() { Form = form.Id, Located = true }, () => new() { Form = form.Id, From = "2026-11-30", To = "2026-12-03" }, () => new() { Form = form.Id, Q = "مشتری " + tag + " 1" },
            () => new() { Form = form.Id, Deleted = true }, () => new() { Q = tag }, () => new() { Form = form.Id, Field = "name", Value = "نیست" },
        ];

        await using var reading = App.Services.CreateAsyncScope();
        var context = reading.ServiceProvider.GetRequiredService<CrmDbContext>();
        var fmt = reading.ServiceProvider.GetRequiredService<Crm.SharedKernel.Localization.IDisplayFormatter>();
        var rows = 0;
        foreach (var viewer in viewers)
        {
            var list = new SubmissionList(context, viewer, fmt);
            foreach (var filter in filters)
            {
                var statement = await ListWalks.WalkAsync(filter, f => list.PageAsync(f, fields, 4, CancellationToken.None), Describe);
                var linq = await ListWalks.WalkAsync(filter, f => list.QueryPageAsync(f, fields, 4, CancellationToken.None), Describe);
                statement.ShouldBe(linq, $"viewer {viewer}, filter {System.Text.Json.JsonSerializer.Serialize(filter())}");
                rows += statement.Count(line => line.StartsWith("row", StringComparison.Ordinal));
            }
        }

        rows.ShouldBeGreaterThan(150);

        static string Describe(SubmissionRow r) => $"{r} {r.CreatedAt.Kind}";
    }

    // --- helpers ---

    private static HttpClient VisitorOf(WebApplicationFactory<Program> app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private HttpClient Visitor() => VisitorOf(App);

    private async Task<HttpClient> AdminAsync() => (await SignedInAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync())).Client;

    private static List<(string, string)> Settings(string name, Guid? id, Guid version, string fields, bool isPublic = true, bool addToContacts = false, Guid? team = null,
        int? maxPerPerson = null, string? sites = null)
    {
        var list = new List<(string, string)>
        {
            ("Name", name), ("TitleFa", name), ("TitleEn", "Form " + name), ("IsPublic", isPublic ? "true" : "false"), ("IsOpen", "true"),
            ("AddToContacts", addToContacts ? "true" : "false"), ("Version", version.ToString()), ("Fields", fields), ("TeamId", team?.ToString() ?? ""),
            ("MaxPerPerson", maxPerPerson?.ToString(CultureInfo.InvariantCulture) ?? ""), ("AllowedSites", sites ?? ""),
        };
        if (id is { } formId)
        {
            list.Add(("Id", formId.ToString()));
        }

        return list;
    }

    private async Task<(Guid Id, string Key)> NewFormAsync(string fields, bool isPublic = true, bool addToContacts = false, Guid? team = null, int? maxPerPerson = null,
        string? sites = null, HttpClient? admin = null)
    {
        admin ??= await AdminAsync();
        var name = Unique("فرم");
        var response = await admin.PostForm("/Forms/Forms/Edit", "/Forms/Forms/Edit", Settings(name, null, Guid.Empty, fields, isPublic, addToContacts, team, maxPerPerson, sites).ToArray());
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var form = await fixture.Base.QueryAsync(db => db.Set<Form>().FirstAsync(f => f.Name == name));
        return (form.Id, form.PublicKey);
    }

    private async Task<(Guid Id, string Mobile)> ContactAsync(string mobile)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateContact("نرگس", Unique("کاظمی"), mobile, null, null, null, CustomerSource.Phone, null, null, null, null));
        return (id, mobile);
    }

    private static async Task<string> TokenAsync(HttpClient client, string key)
    {
        var page = await client.GetStringAsync($"/f/{key}");
        var match = FillToken().Match(page);
        match.Success.ShouldBeTrue("the form page has no fill token");
        return match.Groups[1].Value;
    }

    private Task<HttpResponseMessage> SubmitAsync(HttpClient client, string key, params (string Name, string Value)[] fields) => SubmitAsync(client, key, fields, true);

    /// <summary>Opens the form, waits as a person would (the clock moves), and posts it.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string key, (string Name, string Value)[] fields, bool wait = true,
        (string Field, string Name, byte[] Content)[]? files = null)
    {
        var page = await client.GetStringAsync($"/f/{key}");
        var token = FillToken().Match(page).Groups[1].Value;
        var session = SessionToken().Match(page);
        if (session.Success)
        {
            fields = [.. fields, ("__RequestVerificationToken", session.Groups[1].Value)];
        }

        if (wait)
        {
            Clock.UtcNow = Clock.UtcNow.AddSeconds(5);
        }

        return await PostAsync(client, key, token, fields, files);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string key, string token, (string Name, string Value)[] fields, (string Field, string Name, byte[] Content)[]? files = null)
    {
        using var content = new MultipartFormDataContent { { new StringContent(token), FormProtection.TokenField } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, name, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), field, name);
        }

        return await client.PostAsync($"/f/{key}", content);
    }

    private Task<FormSubmission> LatestAsync(Guid formId) =>
        fixture.Base.QueryAsync(db => db.Set<FormSubmission>().Where(s => s.FormId == formId).OrderByDescending(s => s.Id).FirstAsync());

    private Task<int> CountAsync(Guid formId) => fixture.Base.QueryAsync(db => db.Set<FormSubmission>().CountAsync(s => s.FormId == formId));

    private Task<(HttpClient Client, Guid Id)> SignedInAsync(string role, Guid team) => fixture.SignedInWithIdAsync(role, team);
}

public sealed class SqliteFormsTests(SqliteFormsFixture fixture) : FormsTests<SqliteFormsFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresFormsTests(PostgresFormsFixture fixture) : FormsTests<PostgresFormsFixture>(fixture);
