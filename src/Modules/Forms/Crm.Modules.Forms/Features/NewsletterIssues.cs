using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Forms.Features;

/// <summary>Newsletter issues for other modules (a campaign's email): listed and rendered only as far as the current user may see them.</summary>
public sealed class NewsletterIssues(DbContext db, ICurrentUser user, IDisplayFormatter fmt) :
    IRequestHandler<ListNewsletterIssues, IReadOnlyList<NewsletterIssueChoice>>,
    IRequestHandler<RenderNewsletterIssue, RenderedNewsletterIssue?>
{
    private const int ListSize = 100;

    public async ValueTask<IReadOnlyList<NewsletterIssueChoice>> Handle(ListNewsletterIssues request, CancellationToken cancellationToken)
    {
        var issues = await (
            from s in db.Set<FormSubmission>().VisibleTo(user).AsNoTracking()
            join f in db.Set<Form>().AsNoTracking() on s.FormId equals f.Id
            where f.Kind == FormKind.Newsletter
            orderby s.CreatedAt descending
            select new { s.Id, f.Name, s.Values, s.CreatedAt }).Take(ListSize).ToListAsync(cancellationToken);
        return [.. issues.Select(i => new NewsletterIssueChoice(i.Id, i.Name, FormFields.ReadValues(i.Values).GetValueOrDefault(NewsletterIssue.TitleField) ?? "", i.CreatedAt))];
    }

    public async ValueTask<RenderedNewsletterIssue?> Handle(RenderNewsletterIssue request, CancellationToken cancellationToken)
    {
        var submission = await db.Set<FormSubmission>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.Id, cancellationToken);
        var form = submission is null ? null
            : await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == submission.FormId && f.Kind == FormKind.Newsletter, cancellationToken);
        if (submission is null || form is null || string.IsNullOrWhiteSpace(form.Template) || NewsletterTemplate.Problems(form.Template).Count > 0)
        {
            return null;
        }

        var issue = NewsletterIssue.Of(form, submission, request.Culture, fmt);
        return new RenderedNewsletterIssue(issue.Title, NewsletterTemplate.Render(form.Template, issue, request.Culture));
    }
}
