using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>The demo company's customers, products and a pipeline of deals spread over the stages, so the board has something to show.</summary>
public sealed class SalesDemoSeeder(DbContext db, IMediator mediator, IClock clock, Pipeline pipeline, OpportunityService opportunities) : IDemoDataSeeder
{
    public int Order => 30;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<Opportunity>().IgnoreQueryFilters().AnyAsync(cancellationToken) || await pipeline.ProcessAsync(null, cancellationToken) is not { } process)
        {
            return;
        }

        var reps = (await mediator.Send(new ListUsers(), cancellationToken)).Where(u => u.TeamId is not null).ToList();
        if (reps.Count == 0)
        {
            return;
        }

        var products = new (string Code, string Name, string English, string Unit, long Price, string Category)[]
        {
            ("POS-100", "دستگاه کارت‌خوان رومیزی", "Desktop card reader", "عدد", 95_000_000, "سخت‌افزار"),
            ("POS-200", "کارت‌خوان سیار", "Mobile card reader", "عدد", 120_000_000, "سخت‌افزار"),
            ("SW-ACC", "نرم‌افزار حسابداری فروشگاهی", "Retail accounting software", "مجوز", 180_000_000, "نرم‌افزار"),
            ("SRV-YR", "پشتیبانی سالانه", "Annual support", "سال", 48_000_000, "خدمات"),
        };
        foreach (var (code, name, english, unit, price, category) in products)
        {
            db.Add(new Product { Code = code, Name = name, EnglishName = english, Unit = unit, BasePrice = price, Category = category, IsService = category == "خدمات" });
        }

        var customers = new (string Company, string First, string Last, string Mobile)[]
        {
            ("فروشگاه‌های زنجیره‌ای رفاه‌گستر", "مهدی", "صادقی", "09121110001"),
            ("صنایع غذایی البرز", "نازنین", "کاظمی", "09121110002"),
            ("کلینیک دندان‌پزشکی آوا", "فرهاد", "نوری", "09121110003"),
            ("هتل آفتاب شیراز", "لیلا", "شریفی", "09171110004"),
            ("بازرگانی پارس‌نوین", "کامران", "توکلی", "09131110005"),
            ("رستوران‌های زنجیره‌ای سپید", "الهام", "جلالی", "09351110006"),
        };
        var stages = process.OpenStages.ToList();
        var reasons = await mediator.Send(new ListGroupTags(TagGroupKeys.LossReasons), cancellationToken);
        var reason = reasons.Count > 0 ? reasons[0] : null;
        var lost = new List<Guid>();
        var started = new List<(Guid Id, DateTime At)>();
        var now = clock.UtcNow;
        var index = 0;
        foreach (var (company, first, last, mobile) in customers)
        {
            var owner = reps[index % reps.Count];
            var organization = await mediator.Send(new CreateOrganization(company, null, CustomerSource.Referral, owner.Id, owner.TeamId), cancellationToken);
            await mediator.Send(new CreateContact(first, last, mobile, null, null, null, CustomerSource.Referral, owner.Id, owner.TeamId, organization, null), cancellationToken);
            foreach (var (title, amount, step) in new[] { ("تجهیز شعب", 450_000_000L, 0), ("تمدید پشتیبانی", 96_000_000L, 2), ("نرم‌افزار انبار", 180_000_000L, 1) }.Take(1 + (index % 3)))
            {
                // Deals spread over the open stages, with two won and one lost a few days ago (whatever the number of stages).
                var stage = index is 2 or 5 ? process.Won : index == 3 ? process.Lost : stages[(index + step) % stages.Count];
                var deal = opportunities.New(process, stage, null);
                deal.Name = $"{title} {company}";
                deal.Amount = amount + (index * 15_000_000L);
                deal.OrganizationId = organization;
                deal.CustomerName = company;
                deal.OwnerId = owner.Id;
                deal.TeamId = owner.TeamId;
                deal.Source = CustomerSource.Referral;
                deal.ExpectedClose = DateOnly.FromDateTime(now.AddDays(10 + (index * 7)));
                started.Add((deal.Id, now.AddDays(-20 - (index * 2))));
                if (stage.Kind != StageKind.Open)
                {
                    deal.Status = stage.Kind == StageKind.Won ? OpportunityStatus.Won : OpportunityStatus.Lost;
                    deal.ClosedAt = now.AddDays(-3);
                    if (stage.Kind == StageKind.Lost && reason is not null)
                    {
                        (deal.LossReasonTagId, deal.LossReason) = (reason.Id, reason.Name);
                        lost.Add(deal.Id);
                    }
                }

                index++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // The demo deals were opened weeks ago (saving stamps them with today), so the sales cycle reads as it would.
        foreach (var (id, at) in started)
        {
            await db.Set<Opportunity>().Where(o => o.Id == id).ExecuteUpdateAsync(o => o.SetProperty(x => x.CreatedAt, at), cancellationToken);
        }

        foreach (var id in lost)
        {
            await mediator.Send(new TagRecord(new RecordRef(RecordTypes.Opportunity, id), [reason!.Name]), cancellationToken);
        }

        Console.WriteLine($"Demo pipeline created: {index} deals for {customers.Length} customers on the board of {process.Name}.");
    }
}
