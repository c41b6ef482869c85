using System.Net;
using System.Text.RegularExpressions;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Newsletters: issues written at the form's link, rendered through a template that cannot carry scripts, and sent through the outbox once.</summary>
public abstract partial class FormsTests<TFixture>
{
    private const string IssueFields = """
        [
          {"Key":"title","Type":"ShortText","LabelFa":"عنوان شماره","Required":true},
          {"Key":"number","Type":"Number","LabelFa":"شماره","Min":1},
          {"Key":"image","Type":"Url","LabelFa":"تصویر اصلی"},
          {"Key":"items","Type":"NewsItems","LabelFa":"خبرها","Required":true}
        ]
        """;

    [Fact]
    public async Task A_newsletter_issue_renders_through_its_template_with_values_encoded_and_scripts_and_event_attributes_removed()
    {
        var admin = await AdminAsync();

        // A newsletter keeps its issue fields, and is never public even when asked to be.
        var name = Unique("خبرنامه");
        var refused = await admin.PostForm("/Forms/Forms/Edit?kind=Newsletter", "/Forms/Forms/Edit",
            [.. Settings(name, null, Guid.Empty, """[{"Key":"title","Type":"ShortText","LabelFa":"عنوان"}]"""), ("Kind", "Newsletter")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("«items»");
        var created = await admin.PostForm("/Forms/Forms/Edit?kind=Newsletter", "/Forms/Forms/Edit", [.. Settings(name, null, Guid.Empty, IssueFields), ("Kind", "Newsletter")]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var form = await fixture.Base.QueryAsync(db => db.Set<Form>().FirstAsync(f => f.Name == name));
        form.Kind.ShouldBe(FormKind.Newsletter);
        form.IsPublic.ShouldBeFalse();
        form.Template!.ShouldContain("{{#Items}}");
        (await Visitor().GetAsync($"/f/{form.PublicKey}")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a visitor is sent to sign in");

        // An item's link must be a web address: a javascript: link is refused with the item's number.
        (await SubmitAsync(admin, form.PublicKey, ("title", "پاییز"), ("items.title", "خبر اول"), ("items.link", "javascript:alert(1)")))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var written = await SubmitAsync(admin, form.PublicKey, ("title", "خبرهای پاییز"), ("number", "۱۲"), ("image", "https://cdn.example.com/autumn.jpg"),
            ("items.title", "شعبه تازه"), ("items.text", "از یکم دی\n<script>alert('x')</script> {{Issue.Title}}"), ("items.image", ""), ("items.link", "https://shop.example.com/a?b=1&c=2"),
            ("items.title", "ساعت کاری زمستان"), ("items.text", ""), ("items.image", "https://cdn.example.com/w.png"), ("items.link", ""),
            ("items.title", ""), ("items.text", ""), ("items.image", ""), ("items.link", ""));
        written.StatusCode.ShouldBe(HttpStatusCode.Redirect, await written.Content.ReadAsStringAsync());
        var issue = await LatestAsync(form.Id);
        var items = NewsItems.Read(FormFields.ReadValues(issue.Values)["items"]);
        items.Select(i => i.Title).ShouldBe(["شعبه تازه", "ساعت کاری زمستان"], "the empty row is dropped");
        items[0].Link.ShouldBe("https://shop.example.com/a?b=1&c=2");
        items[1].Text.ShouldBeNull();
        (await admin.GetStringAsync($"/Forms/Submissions/Details/{issue.Id}")).ShouldContain("ساعت کاری زمستان");

        // A template with a script and an event attribute saves with a warning; both are gone from what is rendered.
        var templatePage = $"/Forms/Newsletters/Template/{form.Id}";
        var template = """
            <h1 style="color:#0d6efd">{{Newsletter.Title}} {{Issue.Number}}</h1><script>alert(1)</script>
            <img src="{{Issue.Image}}" onerror="alert(2)" />
            {{#Items}}<div class="item"><a href="{{Item.Link}}">{{Item.Title}}</a>{{#Item.Text}}<p>{{Item.Text}}</p>{{/Item.Text}}{{#Item.Image}}<img src="{{Item.Image}}" />{{/Item.Image}}</div>{{/Items}}
            """;
        var unknown = await admin.PostForm(templatePage, templatePage, ("version", form.Version.ToString()), ("template", "<p>{{Issue.Author}}</p>{{#Items}}"));
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var unknownPage = await unknown.Content.ReadAsStringAsync();
        unknownPage.ShouldContain("{{Issue.Author}}");
        unknownPage.ShouldContain("{{#Items}}");
        var saved = await admin.PostForm(templatePage, templatePage, ("version", form.Version.ToString()), ("template", template));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var warned = await admin.GetStringAsync(templatePage);
        warned.ShouldContain("id=\"template-removed\"");
        warned.ShouldContain("&lt;script&gt;");
        warned.ShouldContain("onerror");

        var render = await admin.GetAsync($"/Forms/Newsletters/Render/{form.Id}?issue={issue.Id}&culture=fa");
        render.StatusCode.ShouldBe(HttpStatusCode.OK);
        render.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        string.Join(";", render.Headers.GetValues("Content-Security-Policy")).ShouldContain("sandbox");
        var html = await render.Content.ReadAsStringAsync();
        html.ShouldContain(form.TitleFa + " ۱۲");
        html.ShouldContain("<a href=\"https://shop.example.com/a?b=1&amp;c=2\">شعبه تازه</a>");
        html.ShouldContain("از یکم دی<br>");
        html.ShouldContain("&lt;script&gt;alert('x')&lt;/script&gt;");
        html.ShouldContain("{{Issue.Title}}", customMessage: "a value is never read as a placeholder");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("onerror");
        html.ShouldContain("<img src=\"https://cdn.example.com/w.png\">");
        Regex.Count(html, "<div>").ShouldBe(2, "one block for each item (its class attribute removed)");
        Regex.Count(html, "<p>").ShouldBe(1, "the second item has no text, so its paragraph is left out");
        (await admin.GetStringAsync($"/Forms/Newsletters/Render/{form.Id}?issue={issue.Id}&culture=en")).ShouldContain(" 12</h1>");

        // Someone of another team cannot render the issue; a rep cannot open the template.
        var (stranger, _) = await SignedInAsync(CrmRoles.Marketer, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Forms/Newsletters/Render/{form.Id}?issue={issue.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (rep, _) = await SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await rep.GetAsync(templatePage)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_newsletter_issue_is_sent_once_to_each_subscriber_and_typed_address_through_the_outbox_and_opt_outs_are_kept()
    {
        var team = await fixture.Base.NewTeamAsync();
        var admin = await AdminAsync();
        const string signUpFields = """[{"Key":"email","Type":"Email","LabelFa":"ایمیل","Required":true}]""";
        var (signUpId, signUpKey) = await NewFormAsync(signUpFields, admin: admin, team: team);
        var (otherTeamsForm, otherTeamsKey) = await NewFormAsync(signUpFields, admin: admin, team: await fixture.Base.NewTeamAsync());
        (await SubmitAsync(Visitor(), otherTeamsKey, ("email", Unique("other") + "@mail.example"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (first, second, optedOut) = (Unique("sub1") + "@mail.example", Unique("sub2") + "@mail.example", Unique("gone") + "@mail.example");
        foreach (var address in new[] { first, second, second.ToUpperInvariant(), optedOut })
        {
            (await SubmitAsync(Visitor(), signUpKey, ("email", address))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var name = Unique("خبرنامه");
        (await admin.PostForm("/Forms/Forms/Edit?kind=Newsletter", "/Forms/Forms/Edit", [.. Settings(name, null, Guid.Empty, IssueFields, team: team), ("Kind", "Newsletter")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var form = await fixture.Base.QueryAsync(db => db.Set<Form>().FirstAsync(f => f.Name == name));
        (await SubmitAsync(admin, form.PublicKey, ("title", "ویژه زمستان"), ("items.title", "تخفیف بخاری‌ها"), ("items.text", "تا پایان دی"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var issue = await LatestAsync(form.Id);
        await fixture.Base.QueryAsync(db =>
        {
            db.Add(new OptOut { Channel = MessageChannel.Email, AddressKey = optedOut, Source = "link", At = Clock.UtcNow });
            return db.SaveChangesAsync();
        });

        // A rep may not send; a marketer of the form's team may.
        var (rep, _) = await SignedInAsync(CrmRoles.SalesRep, team);
        (await rep.GetAsync($"/Forms/Newsletters/Send/{issue.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (marketer, marketerId) = await SignedInAsync(CrmRoles.Marketer, team);
        var sendPage = $"/Forms/Newsletters/Send/{issue.Id}";
        var subject = Unique("ویژه زمستان");
        var page = await marketer.GetStringAsync(sendPage);
        var sendId = Regex.Match(page, "name=\"SendId\" value=\"([^\"]+)\"").Groups[1].Value;

        // A typed address that is not an email is named by its line, not echoed; nothing is queued.
        var bad = await marketer.PostForm(sendPage, sendPage, ("SendId", sendId), ("Subject", subject), ("Culture", "fa"), ("Subscribers", signUpId.ToString()),
            ("Addresses", "extra@mail.example\nnot-an-address-xyz"));
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var badPage = await bad.Content.ReadAsStringAsync();
        badPage.ShouldContain("خط ۲");
        badPage.ShouldNotContain("not-an-address-xyz</div>");
        (await QueuedAsync(subject)).ShouldBe(0);

        var extra = Unique("extra") + "@mail.example";
        var sent = await marketer.PostForm(sendPage, sendPage, ("SendId", sendId), ("Subject", subject), ("Culture", "fa"), ("Subscribers", signUpId.ToString()),
            ("Addresses", $"{extra}, {first.ToUpperInvariant()}"));
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect, await sent.Content.ReadAsStringAsync());
        var messages = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Subject == subject && m.Body.Contains("تخفیف بخاری‌ها")).ToListAsync());
        messages.Select(m => m.To).Order().ShouldBe(new[] { first, second, optedOut, extra }.Order(), "each address once, whatever its case");
        messages.ShouldAllBe(m => m.Category == MessageCategory.Marketing && m.Channel == MessageChannel.Email && m.Body.Contains("/Messaging/Unsubscribe?t="));
        var send = await fixture.Base.QueryAsync(db => db.Set<NewsletterSend>().SingleAsync(s => s.SubmissionId == issue.Id));
        (send.Recipients, send.SentBy).ShouldBe((4, (Guid?)marketerId));

        // Another team's sign-up form gives this marketer nobody to send to.
        var otherPage = await marketer.GetStringAsync(sendPage);
        var otherTeams = await marketer.PostForm(sendPage, sendPage, ("SendId", Regex.Match(otherPage, "name=\"SendId\" value=\"([^\"]+)\"").Groups[1].Value),
            ("Subject", subject + " 2"), ("Culture", "fa"), ("Subscribers", otherTeamsForm.ToString()));
        otherTeams.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await QueuedAsync(subject + " 2")).ShouldBe(0);

        // The same page posted again sends nothing more.
        var again = await marketer.PostForm(sendPage, sendPage, ("SendId", sendId), ("Subject", subject), ("Culture", "fa"), ("Subscribers", signUpId.ToString()));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await QueuedAsync(subject)).ShouldBe(4);
        (await marketer.GetStringAsync(sendPage)).ShouldContain("به ۴ گیرنده");

        // The outbox skips the address that unsubscribed.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        }

        var skipped = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Subject == subject && m.To == optedOut));
        skipped.Status.ShouldBe(MessageStatus.Skipped);
        skipped.Error.ShouldBe("opted out");
    }

    private Task<int> QueuedAsync(string subject) => fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Subject == subject));
}
