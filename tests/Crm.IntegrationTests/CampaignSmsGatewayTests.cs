using System.Net;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// An SMS campaign through the local stand-in of Kavenegar's HTTP API: sent, its delivery reports read from the
/// gateway's status API onto each recipient, and the replies read from the line's inbox, where "۱۱" refuses marketing.
/// </summary>
public abstract class CampaignSmsGatewayTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : MessagingAppFixture
{
    private CrmAppFactory App => fixture.App;

    [Fact]
    public async Task A_campaign_sms_is_delivered_through_the_gateway_and_a_reply_of_11_refuses_marketing_once()
    {
        var team = await App.NewTeamAsync();
        var writer = await App.SignedInAsync(CrmRoles.Marketer, team);
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, team);
        var city = Unique("شهر");
        var token = Unique("حراج");
        var mobiles = Enumerable.Range(0, 3).Select(_ => Mobile()).ToList();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            foreach (var mobile in mobiles)
            {
                await mediator.Send(new CreateContact("مشتری", Unique("ک"), mobile, null, null, city, CustomerSource.Website, null, null, null, null));
            }
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "حراج"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "1000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیامک"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", token + " {{Contact.Name}}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync<MarketingPlan>(plan)), ("approve", "true"));
        (await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await VersionAsync<Campaign>(campaign.Id)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await InScopeAsync(s => s.GetRequiredService<CampaignSender>().RunAsync(CancellationToken.None));
        await InScopeAsync(s => s.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None));
        fixture.Sms.Requests.Count(r => r.Message.StartsWith(token, StringComparison.Ordinal)).ShouldBe(3, "each recipient's SMS went to the gateway");

        // The gateway's status API says they reached the phones.
        await InScopeAsync(s => ActivatorUtilities.CreateInstance<SmsDeliveryJob>(s).ExecuteAsync(CancellationToken.None));
        (await TallyAsync(campaign.Id)).ShouldBe(new CampaignTally(Reached: 3, Delivered: 3, Opened: 0, Clicked: 0, Unsubscribed: 0, Bounced: 0));

        // One answers "۱۱" in Persian digits, another thanks; a stranger writes to another line. Read twice: once is enough.
        fixture.Sms.Reply(mobiles[0], "۱۱", MessagingAppFixture.Line);
        fixture.Sms.Reply(mobiles[1], "ممنون، عالی بود", MessagingAppFixture.Line);
        fixture.Sms.Reply(mobiles[2], "11", "30001234");
        for (var run = 0; run < 2; run++)
        {
            await InScopeAsync(s => ActivatorUtilities.CreateInstance<SmsRepliesJob>(s).ExecuteAsync(CancellationToken.None));
        }

        var keys = mobiles.Select(m => m[1..]).ToList();
        var replies = await App.QueryAsync(db => db.Set<SmsReply>().AsNoTracking().Where(r => keys.Contains(r.FromKey)).ToListAsync());
        replies.Select(r => (r.FromKey, r.OptOut, r.ProcessedAt is null)).ShouldBe([(keys[0], true, false), (keys[1], false, false)], ignoreOrder: true);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindMarketingRefusals(MessageChannel.Sms, mobiles));
            refused.ShouldBe([mobiles[0]]);
        }

        (await TallyAsync(campaign.Id)).Unsubscribed.ShouldBe(1, "the refusal is the campaign's, whose SMS it answered");

        // The thanks is interest: one lead of the campaign for the plan's owner, with the reply as its note, though read twice.
        var owner = await App.QueryAsync(db => db.Set<MarketingPlan>().AsNoTracking().Where(p => p.Id == plan).Select(p => p.OwnerId).SingleAsync());
        var leads = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().Where(l => l.CampaignId == campaign.Id).ToListAsync());
        leads.Select(l => (l.Mobile!.Replace(" ", "", StringComparison.Ordinal), l.FirstName, l.OwnerId, l.Notes, l.Source)).ShouldBe([(mobiles[1], "مشتری", owner, "ممنون، عالی بود", CustomerSource.Campaign)]);
        owner.ShouldNotBeNull();

        // A process killed right after the gateway handed a text over (marking it read) never kept it: the next process's
        // first run also reads the texts read before, and keeps it once.
        fixture.Sms.Reply(mobiles[2], "قیمتش چند است؟", MessagingAppFixture.Line);
        await InScopeAsync(async s =>
        {
            foreach (var inbound in s.GetServices<IMessageTransport>().OfType<IInboundMessages>())
            {
                (await inbound.FetchAsync(alreadyFetched: false, CancellationToken.None)).Count.ShouldBe(1);
            }
        });
        var restarted = new InboundRecovery();
        for (var run = 0; run < 2; run++)
        {
            await InScopeAsync(s => ActivatorUtilities.CreateInstance<SmsRepliesJob>(s, restarted).ExecuteAsync(CancellationToken.None));
        }

        (await App.QueryAsync(db => db.Set<SmsReply>().CountAsync(r => r.FromKey == keys[2]))).ShouldBe(1);
        (await App.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.CampaignId == campaign.Id))).ShouldBe(2);
        SmsRepliesJob.IsOptOut(" لغو ۱۱ ").ShouldBeTrue();
        SmsRepliesJob.IsOptOut("STOP").ShouldBeTrue();
        SmsRepliesJob.IsOptOut("111").ShouldBeFalse();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    private async Task<CampaignTally> TallyAsync(Guid campaign)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CampaignResults>().TallyAsync([campaign], CancellationToken.None))[campaign];
    }

    private Task<string> VersionAsync<T>(Guid id)
        where T : Crm.SharedKernel.Domain.AggregateRoot =>
        App.QueryAsync(async db => (await db.Set<T>().IgnoreQueryFilters().SingleAsync(x => x.Id == id)).Version.ToString());
}

public sealed class SqliteCampaignSmsGatewayTests(SqliteMessagingFixture fixture) : CampaignSmsGatewayTests<SqliteMessagingFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresCampaignSmsGatewayTests(PostgresMessagingFixture fixture) : CampaignSmsGatewayTests<PostgresMessagingFixture>(fixture);
