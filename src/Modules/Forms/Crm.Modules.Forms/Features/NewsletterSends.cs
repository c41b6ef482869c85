using Crm.Modules.Forms.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Forms.Features;

public sealed class NewsletterOptions
{
    public const string Section = "Forms:Newsletter";

    /// <summary>The most addresses one send reaches; larger lists wait for campaigns, which pace and track them.</summary>
    public int MaxRecipients { get; set; } = 10_000;
}

/// <summary>
/// Sends a newsletter issue as a marketing email to the addresses typed in and the subscribers of a sign-up form (its
/// email fields, in the submissions the sender may see), each address once. The issue is rendered once; every message goes through the outbox, which keeps
/// opt-outs and adds the unsubscribe link. <see cref="SendId"/> comes from the page the send was asked on: the same page
/// posted again sends nothing more.
/// </summary>
public sealed record SendNewsletterIssue(Guid SendId, Guid SubmissionId, string? Subject, string Culture, string? Addresses, Guid? SubscribersFormId, Guid? UserId)
    : ICommand<NewsletterSendOutcome>;

public sealed record NewsletterSendOutcome(int Recipients, IReadOnlyDictionary<string, string> Errors, bool AlreadySent = false)
{
    public bool Done => Errors.Count == 0;
}

public sealed class SendNewsletterIssueHandler(DbContext db, IMediator mediator, IClock clock, IDisplayFormatter fmt, IOptions<NewsletterOptions> options,
    ICurrentUser user, IStringLocalizer<FormsResources> l) : IRequestHandler<SendNewsletterIssue, NewsletterSendOutcome>
{
    /// <summary>The typed list's size: ten thousand long addresses with their separators.</summary>
    public const int AddressesMaxLength = 400_000;

    public async ValueTask<NewsletterSendOutcome> Handle(SendNewsletterIssue request, CancellationToken cancellationToken)
    {
        if (await db.Set<NewsletterSend>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SendId, cancellationToken) is { } earlier)
        {
            return new NewsletterSendOutcome(earlier.Recipients, new Dictionary<string, string>(), AlreadySent: true);
        }

        var submission = await db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SubmissionId, cancellationToken)
            ?? throw new KeyNotFoundException();
        var form = await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == submission.FormId && f.Kind == FormKind.Newsletter, cancellationToken)
            ?? throw new KeyNotFoundException();

        var errors = new Dictionary<string, string>();
        var subject = (BidiControls.Strip(request.Subject) ?? "").Trim();
        if (subject.Length == 0)
        {
            errors["Subject"] = l["Error_Required", l["Send_Subject"]];
        }
        else if (subject.Length > NewsletterTemplate.SubjectMaxLength)
        {
            errors["Subject"] = l["Error_TooLong", l["Send_Subject"], fmt.Number(NewsletterTemplate.SubjectMaxLength)];
        }

        if (string.IsNullOrWhiteSpace(form.Template) || NewsletterTemplate.Problems(form.Template).Count > 0)
        {
            errors[""] = l["Error_NoTemplate"];
        }

        var addresses = Typed(request.Addresses, errors);
        if (request.SubscribersFormId is { } signUp)
        {
            addresses.UnionWith(await SubscribersAsync(signUp, cancellationToken));
        }

        var max = options.Value.MaxRecipients;
        if (addresses.Count == 0 && !errors.ContainsKey("Addresses"))
        {
            errors["Addresses"] = l["Error_NoRecipients"];
        }
        else if (addresses.Count > max)
        {
            errors["Addresses"] = l["Error_TooManyRecipients", fmt.Number(max)];
        }

        if (errors.Count > 0)
        {
            return new NewsletterSendOutcome(0, errors);
        }

        var html = NewsletterTemplate.Render(form.Template!, NewsletterIssue.Of(form, submission, request.Culture, fmt), request.Culture);
        foreach (var address in addresses.Order(StringComparer.Ordinal))
        {
            await mediator.Send(new SendMessage(MessageChannel.Email, address)
            {
                Category = MessageCategory.Marketing,
                Subject = subject,
                Body = html,
                Culture = request.Culture,
            }, cancellationToken);
        }

        db.Add(new NewsletterSend
        {
            Id = request.SendId, FormId = form.Id, SubmissionId = submission.Id, Subject = subject, Culture = request.Culture,
            Recipients = addresses.Count, SentAt = clock.UtcNow, SentBy = request.UserId,
        });
        return new NewsletterSendOutcome(addresses.Count, errors);
    }

    /// <summary>The typed addresses (one a line, or separated by commas), normalised; a wrong one is named by its line, never echoed.</summary>
    private HashSet<string> Typed(string? text, Dictionary<string, string> errors)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return addresses;
        }

        if (text.Length > AddressesMaxLength)
        {
            errors["Addresses"] = l["Error_TooManyRecipients", fmt.Number(options.Value.MaxRecipients)];
            return addresses;
        }

        var lines = text.Split('\n');
        var (invalid, firstInvalid) = (0, 0);
        for (var line = 0; line < lines.Length; line++)
        {
            foreach (var part in lines[line].Split([',', ';', '،', '\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var email = EmailAddress.Normalize(part);
                if (part.Length <= 254 && EmailAddress.IsValid(email))
                {
                    addresses.Add(email);
                }
                else if (invalid++ == 0)
                {
                    firstInvalid = line + 1;
                }
            }
        }

        if (invalid > 0)
        {
            errors["Addresses"] = l["Error_Addresses", fmt.Number(invalid), fmt.Number(firstInvalid)];
        }

        return addresses;
    }

    /// <summary>The addresses in a sign-up form's email fields (of every version), from its live submissions the sender may see.</summary>
    private async Task<IEnumerable<string>> SubscribersAsync(Guid formId, CancellationToken cancellationToken)
    {
        var versions = await db.Set<FormVersion>().AsNoTracking().Where(v => v.FormId == formId).Select(v => v.Fields).ToListAsync(cancellationToken);
        var keys = versions.SelectMany(FormFields.Read).Where(f => f.Type == FieldType.Email).Select(f => f.Key).Distinct().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var live = db.Set<FormSubmission>().VisibleTo(user).Where(s => s.FormId == formId).Select(s => s.Id);
        var found = await db.Set<FormSubmissionValue>().AsNoTracking()
            .Where(v => v.FormId == formId && keys.Contains(v.Field) && live.Contains(v.SubmissionId))
            .Select(v => v.Value).Distinct().Take(options.Value.MaxRecipients + 1).ToListAsync(cancellationToken);
        return found.Select(EmailAddress.Normalize).Where(EmailAddress.IsValid);
    }
}
