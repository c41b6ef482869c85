using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>
/// A new install gets the document settings, a default reminder policy (three days before, on the day, weekly after,
/// five at most, by SMS and email, with a thank-you) and the message templates in both languages; administrators change them.
/// </summary>
public sealed class InvoicingInitializer(DbContext db, IMediator mediator, SettingsStore settings, IStringLocalizer<InvoicingResources> l) : IModuleInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await settings.GetAsync(cancellationToken);
        if (!await db.Set<ReminderPolicy>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            db.Add(new ReminderPolicy { Name = l.InCulture(SupportedCultures.Persian, "DefaultPolicyName"), IsDefault = true });
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var (culture, language) in new[] { (SupportedCultures.Persian, "fa"), (SupportedCultures.English, "en") })
        {
            string T(string key) => l.InCulture(culture, key);
            await mediator.Send(new EnsureTemplate(InvoicingTemplates.QuoteEmail, MessageChannel.Email, language, T("Template_QuoteName"), T("Template_QuoteSubject"), T("Template_QuoteBody")), cancellationToken);
            foreach (var (key, name) in new[] { (InvoicingTemplates.BeforeDue, "BeforeDue"), (InvoicingTemplates.OnDue, "OnDue"), (InvoicingTemplates.Overdue, "Overdue"), (InvoicingTemplates.ThankYou, "ThankYou") })
            {
                await mediator.Send(new EnsureTemplate(key, MessageChannel.Sms, language, T($"Template_{name}Name"), null, T($"Template_{name}Sms")), cancellationToken);
                await mediator.Send(new EnsureTemplate(key, MessageChannel.Email, language, T($"Template_{name}Name"), T($"Template_{name}Subject"), T($"Template_{name}Email")), cancellationToken);
            }
        }
    }
}
