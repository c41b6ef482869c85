using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// The workflows a new install starts with, each an ordinary workflow administrators edit, switch on or delete: the
/// first (a new lead without an owner goes to the next rep in turn, who is asked to call within a working hour) is on,
/// the others off. Shipped once: a marker counter is written in the same save, and an instance that starts at the same
/// moment finds the marker taken and leaves them be.
/// </summary>
public sealed class ReadyMadeWorkflows(DbContext db, WorkflowDefinitions definitions, TriggerIndex triggers, IOptions<WorkflowOptions> options,
    IStringLocalizer<WorkflowResources> l) : IModuleInitializer
{
    public const string Marker = "ready-made:1";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ReadyMade || await db.Set<WorkflowCounter>().AnyAsync(c => c.Key == Marker, cancellationToken))
        {
            return;
        }

        db.Add(new WorkflowCounter { Key = Marker, Value = 1 });
        foreach (var (key, recordType, enabled, definition) in All())
        {
            definitions.Add(l.InCulture(SupportedCultures.Persian, "Ready_" + key), l.InCulture(SupportedCultures.English, "Ready_" + key), recordType, definition, enabled);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            triggers.Changed();
        }
        catch (DbUpdateException)
        {
            // Another instance shipped them first.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The texts are the install's first language (Persian); administrators reword them.</summary>
    private string T(string key) => l.InCulture(SupportedCultures.Persian, key);

    private IEnumerable<(string Key, string RecordType, bool Enabled, WorkflowDefinition Definition)> All()
    {
        static ConditionGroup All(params ConditionRule[] rules) => new() { Rules = [.. rules] };
        static ConditionRule Rule(string field, ConditionOperator op, string? value = null) => new() { Field = field, Operator = op, Value = value };
        var id = 0;
        string Next() => "s" + ++id;

        yield return ("NewLead", RecordTypes.Lead, true, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = All(Rule("OwnerId", ConditionOperator.Empty)),
            Steps =
            [
                new StepSpec { Id = Next(), Kind = StepKind.AssignOwner },
                new StepSpec
                {
                    Id = Next(), Kind = StepKind.CreateTask, ActivityKind = "Call", Subject = T("ReadyText_CallNewLead"), To = Recipient.Owner,
                    Amount = 1, Unit = TimeUnit.Hours, Working = true, Tags = [T("ReadyTag_FirstCall")],
                },
            ],
        });
        yield return ("CallLogged", RecordTypes.Activity, false, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = All(Rule("Kind", ConditionOperator.Equals, "Call"), Rule("RecordType", ConditionOperator.Equals, RecordTypes.Lead)),
            Steps =
            [
                new StepSpec
                {
                    Id = Next(), Kind = StepKind.CreateTask, ActivityKind = "Task", Subject = T("ReadyText_NextFollowUp"), To = Recipient.Owner,
                    Amount = 2, Unit = TimeUnit.Days, Working = true, OnlyIfNoneOpen = true, Tags = [T("ReadyTag_FollowUp")],
                },
            ],
        });
        yield return ("Worthless", RecordTypes.Lead, false, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Updated, Field = "Status", To = "Unqualified" },
            Steps = [new StepSpec { Id = Next(), Kind = StepKind.CloseTasks }],
        });
        yield return ("QuoteUnanswered", "Quote", false, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.DateReached, Field = "SentAt", Amount = 3, Unit = TimeUnit.Days, Working = true },
            Conditions = All(Rule("Status", ConditionOperator.Equals, "Sent")),
            Steps =
            [
                new StepSpec
                {
                    Id = Next(), Kind = StepKind.CreateTask, ActivityKind = "Call", Subject = T("ReadyText_QuoteFollowUp"), To = Recipient.Owner,
                    Amount = 4, Unit = TimeUnit.Hours, Working = true, Tags = [T("ReadyTag_FollowUp")],
                },
            ],
        });
        var paid = All(Rule("PaidAt", ConditionOperator.NotEmpty));
        yield return ("PaymentChase", "Invoice", false, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Updated, Field = "IssuedAt" },
            Conditions = All(Rule("Type", ConditionOperator.Equals, "Sales"), Rule("IssuedAt", ConditionOperator.NotEmpty)),
            Steps =
            [
                // The customer's SMS and email reminders and the thank-you come from the invoice's reminder policy; the
                // workflow adds what a policy cannot: the owner's calls, weekly, until the invoice is paid.
                new StepSpec { Id = Next(), Kind = StepKind.Wait, Amount = 7, Unit = TimeUnit.Days, Condition = paid },
                new StepSpec
                {
                    Id = Next(), Kind = StepKind.Repeat, Amount = 7, Unit = TimeUnit.Days, Times = 8, Condition = paid,
                    Then =
                    [
                        new StepSpec
                        {
                            Id = Next(), Kind = StepKind.CreateTask, ActivityKind = "Call", Subject = T("ReadyText_PaymentCall"), To = Recipient.Owner,
                            Amount = 1, Unit = TimeUnit.Days, Working = true, Tags = [T("ReadyTag_Payment")],
                        },
                    ],
                },
                new StepSpec
                {
                    Id = Next(), Kind = StepKind.If, Condition = paid,
                    Then = [new StepSpec { Id = Next(), Kind = StepKind.Notify, To = Recipient.Owner, Text = T("ReadyText_Paid") }],
                },
            ],
        });
    }
}
