using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;

namespace Crm.UnitTests;

public sealed class WorkflowDefinitionTests
{
    private static readonly Dictionary<string, string?> NothingChanged = [];

    private static StepSpec Step(string id) => new() { Id = id, Kind = StepKind.AddTag };

    [Fact]
    public void An_if_jumps_to_its_else_branch_and_the_then_branch_jumps_past_it()
    {
        var definition = new WorkflowDefinition
        {
            Steps =
            [
                Step("a"),
                new StepSpec { Id = "if", Kind = StepKind.If, Then = [Step("t1"), Step("t2")], Else = [Step("e1")] },
                new StepSpec { Id = "if2", Kind = StepKind.If, Then = [Step("only")] },
                Step("z"),
            ],
        };
        var list = WorkflowProgram.Compile(definition).Instructions;
        list.Select(i => i.Step?.Id ?? "jump").ShouldBe(["a", "if", "t1", "t2", "jump", "e1", "if2", "only", "z"]);
        list[1].Target.ShouldBe(5, "the else branch starts at e1");
        list[4].Target.ShouldBe(6, "the end of the then branch goes past the else branch");
        list[6].Target.ShouldBe(8, "an if without else skips its then branch");
    }

    [Fact]
    public void A_repeat_checks_its_condition_at_its_head_and_its_end_jumps_back_to_the_head()
    {
        var definition = new WorkflowDefinition
        {
            Steps = [Step("a"), new StepSpec { Id = "r", Kind = StepKind.Repeat, Then = [Step("b1"), Step("b2")] }, Step("z")],
        };
        var list = WorkflowProgram.Compile(definition).Instructions;
        list.Select(i => i.Step?.Id).ShouldBe(["a", "r", "b1", "b2", "r", "z"]);
        list[1].Target.ShouldBe(5, "when the condition holds the run goes past the block");
        list[4].LoopEnd.ShouldBeTrue();
        list[4].Target.ShouldBe(1, "the block's end goes back to the head for the next round");
    }

    [Fact]
    public void A_date_trigger_counts_calendar_time_before_a_date_and_working_days_after_it()
    {
        var calendar = new WorkingCalendar(WorkingWeek.Iranian, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"), []);
        // Wednesday 10 Dey 1405, 10:00 in Tehran.
        var sent = new DateTime(2026, 12, 30, 6, 30, 0, DateTimeKind.Utc);
        DateTrigger.Moment(new TriggerSpec { Amount = 2, Unit = TimeUnit.Days, Before = true }, sent, calendar).ShouldBe(sent.AddDays(-2));
        // Three working days after a Wednesday: Thursday, Saturday, Sunday (Friday is off); Thursday's half day counts as one.
        DateTrigger.Moment(new TriggerSpec { Amount = 3, Unit = TimeUnit.Days, Working = true }, sent, calendar)
            .ShouldBe(new DateTime(2027, 1, 3, 6, 30, 0, DateTimeKind.Utc));
        DateTrigger.Key(sent).ShouldBe("d:2026-12-30T06:30");
    }

    [Fact]
    public void Has_tag_compares_tag_names_as_the_tags_module_keys_them()
    {
        var values = new Dictionary<string, object?> { [Conditions.TagsField] = new HashSet<string>(StringComparer.Ordinal) { Crm.Modules.Tags.Contracts.TagNames.Key("مشتری ويژه") } };
        var rule = new ConditionRule { Field = "City", Operator = ConditionOperator.HasTag, Value = "مشتری ویژه" };
        Conditions.Holds(rule, values, NothingChanged).ShouldBeTrue("Arabic and Persian yeh are one letter to a tag");
        Conditions.Holds(rule, new Dictionary<string, object?>(), NothingChanged).ShouldBeFalse("no tags read, none held");
        new WorkflowDefinition { Conditions = new ConditionGroup { Rules = [rule] } }.UsesTags.ShouldBeTrue();
        new WorkflowDefinition().UsesTags.ShouldBeFalse();
    }

    [Fact]
    public void A_definition_reads_back_from_its_json_with_enums_by_name()
    {
        var definition = new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Updated, Field = "Status", To = "Unqualified" },
            Steps = [new StepSpec { Id = "w", Kind = StepKind.Wait, Amount = 2, Unit = TimeUnit.Days, Working = true }],
        };
        var json = definition.ToJson();
        json.ShouldContain("\"Updated\"");
        json.ShouldContain("\"Days\"");
        var back = WorkflowDefinition.FromJson(json);
        back.Trigger.Field.ShouldBe("Status");
        back.Steps.Single().Working.ShouldBeTrue();
    }

    [Theory]
    [InlineData(ConditionOperator.Equals, "tehran", true)]
    [InlineData(ConditionOperator.NotEquals, "Tehran", false)]
    [InlineData(ConditionOperator.Contains, "hra", true)]
    [InlineData(ConditionOperator.In, "Shiraz, Tehran", true)]
    [InlineData(ConditionOperator.In, "Shiraz, Tabriz", false)]
    [InlineData(ConditionOperator.Empty, null, false)]
    [InlineData(ConditionOperator.NotEmpty, null, true)]
    public void Text_comparisons_ignore_case_and_spaces_around_list_items(ConditionOperator op, string? value, bool holds) =>
        Conditions.Holds(new ConditionRule { Field = "City", Operator = op, Value = value }, new Dictionary<string, object?> { ["City"] = "Tehran" }, NothingChanged)
            .ShouldBe(holds);

    [Fact]
    public void Numbers_and_dates_compare_as_numbers_and_dates_and_a_missing_value_is_neither_greater_nor_less()
    {
        var values = new Dictionary<string, object?> { ["Rating"] = 10, ["Due"] = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc), ["None"] = null };
        Conditions.Holds(new ConditionRule { Field = "Rating", Operator = ConditionOperator.Greater, Value = "9" }, values, NothingChanged).ShouldBeTrue("10 > 9, though \"10\" < \"9\" as text");
        Conditions.Holds(new ConditionRule { Field = "Due", Operator = ConditionOperator.Less, Value = "2026-12-06" }, values, NothingChanged).ShouldBeTrue();
        Conditions.Holds(new ConditionRule { Field = "None", Operator = ConditionOperator.Less, Value = "5" }, values, NothingChanged).ShouldBeFalse();
        Conditions.Holds(new ConditionRule { Field = "None", Operator = ConditionOperator.Greater, Value = "5" }, values, NothingChanged).ShouldBeFalse();
    }

    [Fact]
    public void Was_and_changed_from_read_the_value_before_the_save()
    {
        var now = new Dictionary<string, object?> { ["Status"] = "Unqualified", ["City"] = "Tehran" };
        var before = new Dictionary<string, string?> { ["Status"] = "New" };
        Rule("Status", ConditionOperator.Was, "New").ShouldBeTrue();
        Rule("Status", ConditionOperator.ChangedFrom, "New").ShouldBeTrue();
        Rule("Status", ConditionOperator.ChangedFrom, "Contacted").ShouldBeFalse();
        Rule("Status", ConditionOperator.Changed, null).ShouldBeTrue();
        Rule("City", ConditionOperator.Was, "Tehran").ShouldBeTrue("an unchanged field was what it is");
        Rule("City", ConditionOperator.Changed, null).ShouldBeFalse();

        bool Rule(string field, ConditionOperator op, string? value) => Conditions.Holds(new ConditionRule { Field = field, Operator = op, Value = value }, now, before);
    }

    [Fact]
    public void Groups_join_with_and_or_or_and_nest()
    {
        var values = new Dictionary<string, object?> { ["City"] = "Tehran", ["Rating"] = 2, ["Source"] = "Referral" };
        var group = new ConditionGroup
        {
            Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = "Tehran" }],
            Groups =
            [
                new ConditionGroup
                {
                    Any = true,
                    Rules =
                    [
                        new ConditionRule { Field = "Rating", Operator = ConditionOperator.Greater, Value = "3" },
                        new ConditionRule { Field = "Source", Operator = ConditionOperator.Equals, Value = "Referral" },
                    ],
                },
            ],
        };
        Conditions.Holds(group, values, NothingChanged).ShouldBeTrue();
        values["Source"] = "Phone";
        Conditions.Holds(group, values, NothingChanged).ShouldBeFalse();
        Conditions.Holds(new ConditionGroup(), values, NothingChanged).ShouldBeTrue("no conditions always hold");
        Conditions.Holds(new ConditionGroup { Any = true }, values, NothingChanged).ShouldBeTrue();
    }

    [Fact]
    public void Placeholders_are_filled_from_the_record_and_unknown_ones_stay_as_written()
    {
        var values = new Dictionary<string, object?> { ["FullName"] = "<b>Sara</b>", ["Rating"] = 4 };
        Conditions.Fill("Call {FullName} ({Rating}) {Unknown}", values).ShouldBe("Call <b>Sara</b> (4) {Unknown}");
        Conditions.Fill("Hi {FullName}", values, System.Net.WebUtility.HtmlEncode).ShouldBe("Hi &lt;b&gt;Sara&lt;/b&gt;");
        Conditions.PlaceholdersIn("{A} and {B}").ShouldBe(["A", "B"]);
    }

    [Fact]
    public void A_trigger_on_a_field_to_a_value_matches_only_that_change()
    {
        var schema = new RecordSchema("Lead", typeof(object), typeof(object), []);
        var change = new RecordChange(schema, Guid.NewGuid(), false, new Dictionary<string, object?> { ["Status"] = "Unqualified" }, new Dictionary<string, object?> { ["Status"] = "New" });
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Updated, Field = "Status", To = "unqualified" }, change).ShouldBeTrue();
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Updated, Field = "Status", To = "Qualified" }, change).ShouldBeFalse();
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Updated, Field = "City" }, change).ShouldBeFalse();
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Updated }, change).ShouldBeTrue();
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Created }, change).ShouldBeFalse();
        TriggerCapture.Matches(new TriggerSpec { Kind = TriggerKind.Manual }, change).ShouldBeFalse();
    }
}
