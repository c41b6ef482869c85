using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Features;

/// <summary>
/// The submission fields automations see: which form (so a workflow starts on one form's submissions), the status staff
/// fill in (a workflow can follow it and set it), the customer, the channel, owner and team.
/// </summary>
public static class SubmissionSchema
{
    public static RecordSchema Instance { get; } = new(FormRecordTypes.Submission, typeof(FormSubmission), typeof(FormsResources),
    [
        new(nameof(FormSubmission.FormId), FieldKind.Lookup, "Field_Form"),
        new(nameof(FormSubmission.Status), FieldKind.Text, "Field_Status", Settable: true),
        new(nameof(FormSubmission.ContactName), FieldKind.Text, "Field_Contact"),
        new(nameof(FormSubmission.Channel), FieldKind.Choice, "Field_Channel") { ChoiceType = typeof(SubmissionChannel), ChoicePrefix = "Channel_" },
        new(nameof(FormSubmission.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(FormSubmission.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(FormSubmission.CreatedAt), FieldKind.Date, "Field_SubmittedAt"),
    ])
    {
        LabelKey = "RecordType_Submission",
        CustomerField = nameof(FormSubmission.ContactId),
        MobileField = null,
        EmailField = null,
    };
}

/// <summary>Submissions as other modules see them: a title and a page, and automations' reading and setting of their status.</summary>
public sealed class SubmissionRecordType(DbContext db, ICurrentUser user, FieldRules rules, IStringLocalizer<FormsResources> l) : IRecordType
{
    public string Type => FormRecordTypes.Submission;

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<FormSubmission>().VisibleTo(user).AsNoTracking().Where(s => list.Contains(s.Id))
            .Join(db.Set<Form>().IgnoreQueryFilters(), s => s.FormId, f => f.Id, (s, f) => new { s.Id, f.Name, s.ContactName, s.OwnerId, s.TeamId })
            .ToListAsync(cancellationToken);
        return found.ToDictionary(s => s.Id, s => new RecordLink(new RecordRef(Type, s.Id), l["RecordType_Submission"],
            s.ContactName is null ? s.Name : s.Name + " · " + s.ContactName, FormLinks.Submission(s.Id)) with { OwnerId = s.OwnerId, TeamId = s.TeamId });
    }

    public Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordLink>>([]);

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        SubmissionSchema.Instance.ReadAsync(db.Set<FormSubmission>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        SubmissionSchema.Instance.PageAsync(db.Set<FormSubmission>().VisibleTo(user), skip, take, cancellationToken);

    public async Task<IReadOnlyList<RecordChoice>> ChoicesAsync(string field, CancellationToken cancellationToken) =>
        field == nameof(FormSubmission.FormId)
            ? [.. (await db.Set<Form>().AsNoTracking().OrderBy(f => f.Name).Take(500).Select(f => new { f.Id, f.Name }).ToListAsync(cancellationToken))
                .Select(f => new RecordChoice(f.Id.ToString(), f.Name))]
            : [];

    /// <summary>The status goes through the form's status field, so it must be one of its values, and the submission's values follow.</summary>
    public async Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken)
    {
        if (field != nameof(FormSubmission.Status))
        {
            return $"the field {field} cannot be set";
        }

        if (await db.Set<FormSubmission>().VisibleTo(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } submission)
        {
            return "the record is not found";
        }

        var fields = await SubmissionValues.FieldsAsync(db, submission.VersionId, cancellationToken);
        if (fields.FirstOrDefault(f => f.IsStatus) is not { } status)
        {
            return "the form has no status field";
        }

        var check = rules.Check(status, value);
        if (check.Error is not null)
        {
            return "the status must be one of the form's status values";
        }

        var values = FormFields.ReadValues(submission.Values);
        values[status.Key] = check.Value;
        await SubmissionValues.ApplyAsync(db, submission, fields, values, cancellationToken);
        return null;
    }

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(db.Set<FormSubmission>().VisibleTo(user), id, ownerId, teamId, cancellationToken);
}

/// <summary>Changing a stored submission's values: its JSON, its status column and its searchable rows together.</summary>
public static class SubmissionValues
{
    // A version never changes once written, so every instance may keep what it read; nothing needs dropping.
    private static readonly MemoryCache Versions = new(new MemoryCacheOptions { SizeLimit = 2_000 });

    /// <summary>A version's fields, read once per instance (shared, so not to be changed by the caller).</summary>
    public static async Task<IReadOnlyList<FormField>> FieldsAsync(DbContext db, Guid versionId, CancellationToken cancellationToken)
    {
        if (Versions.TryGetValue(versionId, out IReadOnlyList<FormField>? cached) && cached is not null)
        {
            return cached;
        }

        var json = await db.Set<FormVersion>().AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Fields).FirstOrDefaultAsync(cancellationToken);
        IReadOnlyList<FormField> fields = FormFields.Read(json).AsReadOnly();
        if (json is not null)
        {
            Versions.Set(versionId, fields, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        }

        return fields;
    }

    public static async Task ApplyAsync(DbContext db, FormSubmission submission, IReadOnlyList<FormField> fields, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        foreach (var empty in values.Where(v => v.Value.Length == 0).Select(v => v.Key).ToList())
        {
            values.Remove(empty);
        }

        submission.Values = FormFields.WriteValues(values);
        submission.Status = fields.FirstOrDefault(f => f.IsStatus) is { } status ? values.GetValueOrDefault(status.Key) : null;
        var old = await db.Set<FormSubmissionValue>().Where(v => v.SubmissionId == submission.Id).ToListAsync(cancellationToken);
        var fresh = FormSubmissions.SearchRows(submission, fields, values).ToList();
        db.RemoveRange(old.Where(o => !fresh.Any(n => n.Field == o.Field && n.Value == o.Value)));
        db.AddRange(fresh.Where(n => !old.Any(o => o.Field == n.Field && o.Value == n.Value)));
    }
}
