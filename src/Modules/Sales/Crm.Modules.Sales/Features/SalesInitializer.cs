using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// A new install gets one sales process to start selling with at once, and the "Loss reasons" tag group that moving a
/// deal to Lost asks for; administrators reshape both.
/// </summary>
public sealed class SalesInitializer(DbContext db, IMediator mediator, IConfiguration configuration) : IModuleInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!await db.Set<SalesProcess>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            var process = SalesProcess.Create("فروش عمومی", "General sales",
            [
                ("ارزیابی نیاز", "Qualification", 10),
                ("جلسه و بررسی", "Needs analysis", 25),
                ("ارسال پیشنهاد", "Proposal", 50),
                ("مذاکره", "Negotiation", 75),
            ]);
            process.IsDefault = true;
            db.Add(process);
            await db.SaveChangesAsync(cancellationToken);
        }

        var persian = !(configuration["Localization:DefaultCulture"] ?? "fa-IR").StartsWith("en", StringComparison.OrdinalIgnoreCase);
        await mediator.Send(new EnsureTagGroup(TagGroupKeys.LossReasons, persian ? "دلایل از دست دادن" : "Loss reasons",
            persian
                ? ["قیمت بالا", "انتخاب رقیب", "نبود بودجه", "بی‌پاسخ", "زمان نامناسب"]
                : ["Price too high", "Chose a competitor", "No budget", "No response", "Bad timing"]), cancellationToken);
    }
}
