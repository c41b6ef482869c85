using System.Net;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// An email campaign through the project's SMTP server and back: the mail as received, its open image and tracked links
/// followed without signing in (a changed token goes nowhere), a recipient the server refuses, an unsubscribe from the
/// mail, and a bounce report read from the real IMAP server; each lands on its recipient's row once.
/// </summary>
public abstract class CampaignEmailTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    [Fact]
    public async Task An_email_campaign_is_tracked_per_recipient_through_opens_clicks_refusals_unsubscribes_and_bounce_mails()
    {
        using var smtp = SmtpSink.Refusing("gone.test");
        using var imap = new ImapServer();
        var team = await fixture.Base.NewTeamAsync();
        var (writer, _) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var city = Unique("رشت");
        var subject = Unique("تخفیف");
        var id = Unique("m").ToLowerInvariant();
        string[] people = ["reader", "nobody", "leaver", "full"];
        var addresses = people.ToDictionary(p => p, p => $"{p}.{id}@{(p == "nobody" ? "gone.test" : "shop.test")}");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            foreach (var person in people)
            {
                await mediator.Send(new CreateContact("مشتری", person, null, addresses[person], null, city, CustomerSource.Website, null, null, null, null));
            }

            var refusing = $"refused.{id}@shop.test";
            await mediator.Send(new CreateContact("بی", "علاقه", null, refusing, null, city, CustomerSource.Website, null, null, null, null));
            await mediator.Send(new SetMarketingConsent(MessageChannel.Email, refusing, false, "staff"));
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "حراج"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "100000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        var text = "سلام {{Contact.Name}}،\n\nحراج زمستانه: https://shop.example/winter.\nفهرست قیمت‌ها (https://shop.example/prices?list=1&x=<b>)\nثبت‌نام: http://localhost/f/winterform#top\n\nبا احترام";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "ایمیل حراج"), ("Type", "Email"), ("Budget", "1000000"),
            ("AudienceCity", city), ("Subject", subject + " برای {{Contact.Name}}"), ("Message", text))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)), ("approve", "true"));
        // A test to the marketer's own address first.
        (await writer.PostForm(page, $"/Campaigns/Plans/SendTest/{campaign.Id}", ("to", "tester@marketing.test"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Scheduled for Sunday 11:00 Tehran (07:30 UTC): a time in the past or a wrong day is refused, and nothing goes before its time.
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await VersionAsync<Campaign>(campaign.Id)), ("date", "1405/09/13"), ("time", "11:00"));
        (await StateAsync(campaign.Id)).ShouldBe(SendState.NotStarted);
        await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await VersionAsync<Campaign>(campaign.Id)), ("date", "1405/13/40"), ("time", "11:00"));
        (await StateAsync(campaign.Id)).ShouldBe(SendState.NotStarted);
        var refusedSchedule = await writer.GetStringAsync(page);
        refusedSchedule.ShouldContain("value=\"1405/13/40\"", customMessage: "the day typed is shown again");
        refusedSchedule.ShouldContain("value=\"11:00\"");
        (await writer.GetStringAsync(page)).ShouldNotContain("value=\"1405/13/40\"", customMessage: "only once");
        (await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await VersionAsync<Campaign>(campaign.Id)),
            ("date", "۱۴۰۵/۰۹/۱۵"), ("time", "11:00"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StateAsync(campaign.Id)).ShouldBe(SendState.Scheduled);
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1).AddMinutes(59);
        (await RunAsync()).ShouldBe(0);
        (await StateAsync(campaign.Id)).ShouldBe(SendState.Scheduled);
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1).AddHours(1);
        (await RunAsync()).ShouldBe(4, "the opted-out address is left out");

        await SendThroughAsync(smtp.Port);

        // Three mails arrive; the server refused the fourth address, which is now invalid for marketing.
        var mails = smtp.Received(id).Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m)))).ToDictionary(m => m.To.Mailboxes.Single().Address);
        mails.Keys.Order().ShouldBe(new[] { addresses["full"], addresses["leaver"], addresses["reader"] }.Order());
        var recipients = await RecipientsAsync(campaign.Id);
        recipients[addresses["nobody"]].BouncedAt.ShouldNotBeNull();
        recipients[addresses["nobody"]].HardBounce.ShouldBeTrue();
        recipients[addresses["nobody"]].DeliveredAt.ShouldBeNull();
        recipients[addresses["reader"]].DeliveredAt.ShouldNotBeNull();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindMarketingRefusals(MessageChannel.Email, [addresses["nobody"], addresses["reader"]]));
            refused.ShouldBe([addresses["nobody"]]);
        }

        // The mail as the reader gets it: personal, encoded, every address a tracked link and one open image.
        var reader = mails[addresses["reader"]];
        reader.Subject.ShouldBe(subject + " برای مشتری reader");
        var html = reader.HtmlBody ?? "";
        html.ShouldContain("سلام مشتری reader،");
        html.ShouldNotContain("<b>", customMessage: "the marketer's text is never markup");
        html.ShouldContain("&lt;b&gt;");
        html.ShouldNotContain("shop.example/winter\"", customMessage: "links go through the tracker");
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(https?://[^\"]+/t/c/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        links.Count.ShouldBe(3);
        var image = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]+/t/o/[^\"]+)\"").Groups[1].Value;
        image.ShouldStartWith("http://localhost/", customMessage: "links are built from the configured public address");

        // Opened and clicked, without signing in: each link goes to its own address only.
        using var visitor = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var pixel = await visitor.GetAsync(new Uri(image).PathAndQuery);
        (pixel.StatusCode, pixel.Content.Headers.ContentType?.MediaType).ShouldBe((HttpStatusCode.OK, "image/gif"));
        (await visitor.GetAsync(new Uri(links[1]).PathAndQuery)).Headers.Location!.ToString().ShouldBe("https://shop.example/prices?list=1&x=", "an address ends where markup would begin");
        (await visitor.GetAsync(new Uri(links[0]).PathAndQuery)).Headers.Location!.ToString().ShouldBe("https://shop.example/winter");
        (await visitor.GetAsync(new Uri(links[0]).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var read = (await RecipientsAsync(campaign.Id))[addresses["reader"]];
        (read.Opens, read.Clicks, read.OpenedAt is null, read.ClickedAt is null).ShouldBe((1, 3, false, false));

        // The test mail's links lead where they should and count on no recipient.
        var test = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(smtp.Received("tester@marketing.test").Single())));
        test.Subject.ShouldStartWith("[آزمایشی] ");
        var testLink = System.Text.RegularExpressions.Regex.Match(test.HtmlBody ?? "", "href=\"(https?://[^\"]+/t/c/[^\"]+)\"").Groups[1].Value;
        (await visitor.GetAsync(new Uri(WebUtility.HtmlDecode(testLink)).PathAndQuery)).Headers.Location!.ToString().ShouldBe("https://shop.example/winter");
        (await RecipientsAsync(campaign.Id)).Values.Sum(r => r.Clicks).ShouldBe(3);

        // A changed token, a token for the open image used as a link, and a made-up one go nowhere.
        var path = new Uri(links[0]).AbsolutePath;
        var tampered = path[..^3] + (path[^3] == 'A' ? 'B' : 'A') + path[^2..];
        foreach (var wrong in new[] { tampered, "/t/c/" + new Uri(image).AbsolutePath.Split('/')[^1], "/t/c/bm90LWEtdG9rZW4", "/t/c/" + new string('A', 500) })
        {
            var refusedClick = await visitor.GetAsync(wrong);
            refusedClick.StatusCode.ShouldBe(HttpStatusCode.NotFound, wrong);
            refusedClick.Headers.Location.ShouldBeNull();
        }

        (await RecipientsAsync(campaign.Id))[addresses["reader"]].Clicks.ShouldBe(3);
        // A link to one of this app's forms takes the campaign's code along, so the lead the form makes is the campaign's.
        (await visitor.GetAsync(new Uri(links[2]).PathAndQuery)).Headers.Location!.ToString().ShouldBe($"http://localhost/f/winterform?c={campaign.Code}#top");

        // The leaver unsubscribes with the mail's own link: counted on this campaign.
        var unsubscribe = mails[addresses["leaver"]].Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');
        (await visitor.PostAsync(new Uri(unsubscribe).PathAndQuery, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RecipientsAsync(campaign.Id))[addresses["leaver"]].UnsubscribedAt.ShouldNotBeNull();

        // A bounce report for "full" arrives in the bounce mailbox later (a full mailbox: soft), and one for the reader
        // (no such mailbox any more: hard); read twice, each counts once.
        await imap.AppendAsync(BounceReport(mails[addresses["full"]], "4.2.2"));
        await imap.AppendAsync(BounceReport(mails[addresses["reader"]], "5.1.1"));
        await imap.AppendAsync(new MimeMessage([MailboxAddress.Parse("someone@shop.test")], [MailboxAddress.Parse(ImapServer.User)], "Out of office", new TextPart("plain") { Text = "Back on Sunday" }));
        for (var run = 0; run < 2; run++)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            await new BounceMailJob(scope.ServiceProvider.GetRequiredService<BounceRecorder>(), Options.Create(new BounceMailboxOptions
            {
                Host = "127.0.0.1", Port = imap.Port, Security = "None", UserName = ImapServer.User, Password = ImapServer.Password,
            }), NullLogger<BounceMailJob>.Instance).ExecuteAsync(CancellationToken.None);
        }

        recipients = await RecipientsAsync(campaign.Id);
        (recipients[addresses["full"]].BouncedAt is null, recipients[addresses["full"]].HardBounce).ShouldBe((false, false));
        (recipients[addresses["reader"]].BouncedAt is null, recipients[addresses["reader"]].HardBounce).ShouldBe((false, true));
        var optOuts = await fixture.Base.QueryAsync(db => db.Set<OptOut>().AsNoTracking().Where(o => o.AddressKey.Contains(id)).ToListAsync());
        optOuts.Where(o => o.Source == "bounce").Select(o => o.AddressKey).Order().ShouldBe(new[] { addresses["nobody"], addresses["reader"] }.Order());
        optOuts.ShouldNotContain(o => o.AddressKey == addresses["full"], "a full mailbox still exists");
        // The plan's results: 4 reached; the leaver's mail delivered; the reader opened and clicked, then bounced with the
        // others; one unsubscribed.
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<CampaignResults>().TallyAsync([campaign.Id], CancellationToken.None))[campaign.Id]
                .ShouldBe(new CampaignTally(Reached: 4, Delivered: 1, Opened: 1, Clicked: 1, Unsubscribed: 1, Bounced: 3));
        }

        var results = await manager.GetStringAsync(page);
        results.ShouldContain("id=\"plan-results\"");
        results.ShouldContain("chart-campaign-messages");

        var readerMessage = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.ToKey == addresses["reader"]));
        (readerMessage.Id, readerMessage.Status).ShouldBe((read.Id, MessageStatus.Failed));
    }

    [Fact]
    public async Task An_email_campaign_can_carry_a_marketing_template_or_a_newsletter_issue_taken_when_saved_with_its_links_tracked()
    {
        using var smtp = SmtpSink.Refusing("gone.test");
        var team = await fixture.Base.NewTeamAsync();
        var (writer, writerId) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var city = Unique("ساری");
        var id = Unique("c").ToLowerInvariant();
        var address = $"reader.{id}@shop.test";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateContact("سارا", "احمدی", null, address, null, city, CustomerSource.Website, null, null, null, null));
        }

        // A marketing email template (with a script), an SMS template asking for an invoice, and a newsletter issue of this
        // team and one of another team.
        var (template, invoiceSms, issue, strangersIssue) = await fixture.Base.QueryAsync(async db =>
        {
            var email = new MessageTemplate
            {
                Key = "promo." + id, Channel = MessageChannel.Email, Culture = "fa", Category = MessageCategory.Marketing, Name = "تبلیغ " + id,
                Subject = "{{Contact.FirstName}} عزیز، حراج", Body = "<p>سلام {{Contact.FullName}}</p><script>alert(1)</script><a href=\"https://shop.example/sale?a=1&amp;b=2\" onclick=\"x()\">خرید</a> <a href=\"mailto:shop@shop.example\">نامه</a>{{UnsubscribeUrl}}",
            };
            var sms = new MessageTemplate
            {
                Key = "promo-sms." + id, Channel = MessageChannel.Sms, Culture = "fa", Category = MessageCategory.Marketing, Name = "پیامک " + id, Body = "فاکتور {{Invoice.Number}}",
            };
            var form = new Crm.Modules.Forms.Domain.Form
            {
                Kind = Crm.Modules.Forms.Domain.FormKind.Newsletter, Name = "خبرنامه " + id, TitleFa = "خبرنامه فروشگاه", TitleEn = "Shop news", PublicKey = id, TeamId = team,
                Template = Crm.Modules.Forms.Features.NewsletterTemplate.Default(true, "بیشتر بخوانید"),
            };
            var version = new Crm.Modules.Forms.Domain.FormVersion { FormId = form.Id, Number = 1, CreatedAt = DateTime.UtcNow };
            Crm.Modules.Forms.Domain.FormSubmission Issue(string title, Guid? issueTeam) => new()
            {
                FormId = form.Id, VersionId = version.Id, TeamId = issueTeam,
                Values = Crm.Modules.Forms.Domain.FormFields.WriteValues(new Dictionary<string, string>
                {
                    ["title"] = title,
                    ["items"] = Crm.Modules.Forms.Domain.NewsItems.Write([new() { Title = "شعبه تازه", Text = "از یکم دی", Link = "https://shop.example/branch" }]),
                }),
            };
            var ours = Issue("خبرهای دی", team);
            var theirs = Issue("خبر دیگران", Guid.NewGuid());
            db.AddRange(email, sms, form, version, ours, theirs);
            await db.SaveChangesAsync();
            return (email.Id, sms.Id, ours.Id, theirs.Id);
        });

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "محتوا"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "100000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        var editPage = await writer.GetStringAsync($"/Campaigns/Plans/Campaign?plan={plan}");
        editPage.ShouldContain($"value=\"template:{template}\"");
        editPage.ShouldContain($"value=\"issue:{issue}\"");
        editPage.ShouldNotContain($"issue:{strangersIssue}", customMessage: "another team's issue is not offered");

        // Refused: an SMS template asking for an invoice, an SMS template for an email, another team's issue, an issue for an SMS.
        foreach (var (type, source, why) in new[]
        {
            ("Sms", $"template:{invoiceSms}", "فقط نام مشتری"), ("Email", $"template:{invoiceSms}", "قابل استفاده نیست"),
            ("Email", $"issue:{strangersIssue}", "قابل استفاده نیست"), ("Sms", $"issue:{issue}", "قابل استفاده نیست"),
            ("Email", "template:" + new string('9', 5_000), "قابل استفاده نیست"),
        })
        {
            var refused = await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "رد"), ("Type", type), ("ContentSource", source));
            (refused.StatusCode, await refused.Content.ReadAsStringAsync()).ShouldSatisfyAllConditions(r => r.StatusCode.ShouldBe(HttpStatusCode.OK), r => r.Item2.ShouldContain(why));
        }

        (await fixture.Base.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == plan))).ShouldBe(0);

        // The template's email; the same with a text variant B for an A/B test (to see the test send); the newsletter issue as a newsletter.
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "قالب"), ("Type", "Email"), ("AudienceCity", city),
            ("ContentSource", $"template:{template}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "آزمون"), ("Type", "Email"), ("AudienceCity", Unique("هیچ")),
            ("ContentSource", $"template:{template}"), ("MessageB", "نسخه دوم https://shop.example/b"), ("TestPercent", "50"), ("WinnerAfterHours", "2")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "خبرنامه"), ("Type", "Newsletter"), ("AudienceCity", city),
            ("ContentSource", $"issue:{issue}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaigns = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == plan).ToDictionaryAsync(c => c.Name));
        var fromTemplate = campaigns["قالب"];
        (fromTemplate.Subject, fromTemplate.ContentSource, fromTemplate.Message).ShouldBe(("{{Contact.Name}} عزیز، حراج", $"template:{template}", null));
        fromTemplate.Html.ShouldNotBeNull().ShouldNotContain("<script");
        fromTemplate.Html.ShouldNotContain("onclick");
        fromTemplate.Html.ShouldContain("سلام {{Contact.Name}}");
        campaigns["خبرنامه"].Subject.ShouldBe("خبرهای دی", "the issue's title, when no subject was typed");
        (await writer.GetStringAsync($"/Campaigns/Plans/Campaign?plan={plan}&id={fromTemplate.Id}")).ShouldContain("id=\"content-preview\"");

        // Taken when saved: the template changed afterwards changes nothing approved.
        await fixture.Base.QueryAsync(db => db.Set<MessageTemplate>().Where(t => t.Id == template).ExecuteUpdateAsync(u => u.SetProperty(t => t.Body, "<p>دیگر</p>")));
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)), ("approve", "true"));

        // The test send shows both variants, each link going to its own address.
        (await writer.PostForm(page, $"/Campaigns/Plans/SendTest/{campaigns["آزمون"].Id}", ("to", $"tester.{id}@marketing.test"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        foreach (var campaign in new[] { fromTemplate, campaigns["خبرنامه"] })
        {
            (await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await VersionAsync<Campaign>(campaign.Id)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await RunAsync();
        await SendThroughAsync(smtp.Port);
        using var visitor = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        async Task<string> FollowAsync(string html, int n)
        {
            var link = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(https?://[^\"]+/t/c/[^\"]+)\"")[n].Groups[1].Value;
            return (await visitor.GetAsync(new Uri(WebUtility.HtmlDecode(link)).PathAndQuery)).Headers.Location!.ToString();
        }

        var tests = smtp.Received($"tester.{id}@marketing.test").Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m)))).ToDictionary(m => m.Subject ?? "");
        tests.Count.ShouldBe(2);
        (await FollowAsync(tests.Single(t => t.Key.StartsWith("[آزمایشی] A ", StringComparison.Ordinal)).Value.HtmlBody!, 0)).ShouldBe("https://shop.example/sale?a=1&b=2");
        (await FollowAsync(tests.Single(t => t.Key.StartsWith("[آزمایشی] B ", StringComparison.Ordinal)).Value.HtmlBody!, 0)).ShouldBe("https://shop.example/b", "B's link is numbered after A's");

        // The reader gets the template's email as approved, personal, with the link tracked, the mailto left alone and the
        // open image; and the issue as rendered, its news item's link tracked.
        var mails = smtp.Received(address).Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m)))).ToList();
        mails.Count.ShouldBe(2);
        var promo = mails.Single(m => (m.Subject ?? "").EndsWith("حراج", StringComparison.Ordinal)).HtmlBody!;
        promo.ShouldContain("سلام سارا احمدی");
        promo.ShouldNotContain("دیگر");
        promo.ShouldNotContain("shop.example/sale");
        promo.ShouldContain("href=\"mailto:shop@shop.example\"");
        promo.ShouldContain("/t/o/");
        (await FollowAsync(promo, 0)).ShouldBe("https://shop.example/sale?a=1&b=2");
        var news = mails.Single(m => m.Subject == "خبرهای دی").HtmlBody!;
        news.ShouldContain("شعبه تازه");
        (await FollowAsync(news, 0)).ShouldBe("https://shop.example/branch");
        (await RecipientsAsync(campaigns["خبرنامه"].Id))[address].Clicks.ShouldBe(1);
    }

    /// <summary>A delivery status report (RFC 3464) about <paramref name="original"/>, as the recipient's mail server writes it.</summary>
    private static MimeMessage BounceReport(MimeMessage original, string status)
    {
        var report = new MultipartReport("delivery-status");
        report.Add(new TextPart("plain") { Text = "Your message could not be delivered." });
        var delivery = new MessageDeliveryStatus();
        delivery.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.shop.test" } });
        delivery.StatusGroups.Add(new HeaderList
        {
            { "Final-Recipient", "rfc822; " + original.To.Mailboxes.Single().Address },
            { "Action", status[0] == '5' ? "failed" : "delayed" },
            { "Status", status },
        });
        report.Add(delivery);
        report.Add(new MessagePart { Message = original });
        return new MimeMessage([MailboxAddress.Parse("mailer-daemon@mx.shop.test")], [MailboxAddress.Parse(ImapServer.User)], "Undelivered Mail Returned to Sender", report);
    }

    private async Task SendThroughAsync(int port)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = Options.Create(new MessagingOptions { EmailsPerSecond = 0, Sms = new SmsOptions { PerSecond = 0 } });
        using var pacing = new TransportPacing(options);
        var smtp = new Crm.Infrastructure.Email.SmtpMailDelivery(Options.Create(new Crm.SharedKernel.Email.EmailOptions { Host = "127.0.0.1", Port = port, TimeoutSeconds = 5 }));
        await new OutboxSender(services.GetRequiredService<DbContext>(), [new EmailTransport(smtp, services.GetRequiredService<UnsubscribeLinks>())], pacing,
            services.GetRequiredService<IClock>(), options, services.GetRequiredService<IMediator>(), services.GetRequiredService<BounceRecorder>(), NullLogger<OutboxSender>.Instance)
            .SendDueAsync(CancellationToken.None);
    }

    private async Task<int> RunAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignSender>().RunAsync(CancellationToken.None);
    }

    private Task<SendState> StateAsync(Guid campaign) =>
        fixture.Base.QueryAsync(db => db.Set<Campaign>().Where(c => c.Id == campaign).Select(c => c.SendState).SingleAsync());

    private Task<Dictionary<string, CampaignRecipient>> RecipientsAsync(Guid campaign) =>
        fixture.Base.QueryAsync(db => db.Set<CampaignRecipient>().AsNoTracking().Where(r => r.CampaignId == campaign).ToDictionaryAsync(r => r.Address));

    private Task<string> VersionAsync<T>(Guid id)
        where T : Crm.SharedKernel.Domain.AggregateRoot =>
        fixture.Base.QueryAsync(async db => (await db.Set<T>().SingleAsync(e => e.Id == id)).Version.ToString());
}

public sealed class SqliteCampaignEmailTests(SqliteWorkflowFixture fixture) : CampaignEmailTests<SqliteWorkflowFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresCampaignEmailTests(PostgresWorkflowFixture fixture) : CampaignEmailTests<PostgresWorkflowFixture>(fixture);
