using System.Text.Json;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Web;

/// <summary>The designer: the list of workflows, the editor with its dry run, a workflow's diagram and runs, and a run's log.</summary>
[Area(WorkflowModule.ModuleName)]
[HasPermission(WorkflowPermissions.Design)]
[AutoValidateAntiforgeryToken]
public sealed class WorkflowsController(
    WorkflowCatalog catalog,
    WorkflowDefinitions definitions,
    WorkflowValidator validator,
    StepDescriptions descriptions,
    SchemaLabels labels,
    RecordDirectory records,
    IMediator mediator,
    IStringLocalizer<WorkflowResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(bool deleted, CancellationToken cancellationToken)
    {
        var rows = await catalog.ListAsync(deleted, cancellationToken);
        return View(new WorkflowListPage(rows, deleted, rows.ToDictionary(r => r.Workflow.Id, r => Describe(r.Workflow.RecordType, r.Definition))));
    }

    [HttpGet]
    public async Task<IActionResult> New(CancellationToken cancellationToken) =>
        View("Edit", await EditorAsync(new WorkflowForm { RecordType = DefaultType(), Definition = new WorkflowDefinition().ToJson() }, [], cancellationToken));

    /// <summary>A new workflow starts on leads, where most automation begins, when leads are installed.</summary>
    private string DefaultType() =>
        validator.Schema(RecordTypes.Lead)?.Type ?? (validator.Schemas.Count > 0 ? validator.Schemas[0].Type : "");

    [HttpGet]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, false, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        var form = new WorkflowForm
        {
            Id = id,
            Stamp = found.Workflow.Version,
            NamePersian = found.Workflow.NamePersian,
            NameEnglish = found.Workflow.NameEnglish,
            RecordType = found.Workflow.RecordType,
            Enabled = found.Workflow.Enabled,
            Definition = found.Definition.ToJson(),
        };
        return View(await EditorAsync(form, [], cancellationToken));
    }

    [HttpPost]
    [RequestSizeLimit(256 * 1024)]
    public async Task<IActionResult> Save(WorkflowForm form, CancellationToken cancellationToken)
    {
        if (form.Id is { } existingId)
        {
            // A workflow keeps its record type: its fields are what its steps name.
            if (await catalog.FindAsync(existingId, false, cancellationToken) is not { } existing)
            {
                return NotFound();
            }

            form.RecordType = existing.Workflow.RecordType;
        }

        var (definition, errors) = Check(form);
        if (errors.Count == 0 && form.Id is { } id)
        {
            var saved = await definitions.UpdateAsync(id, form.Stamp ?? Guid.Empty, form.NamePersian ?? "", form.NameEnglish ?? "", form.Enabled, definition!, cancellationToken);
            if (saved is not null)
            {
                TempData["Message"] = l["Saved"].Value;
                return RedirectToAction(nameof(Details), new { id });
            }

            errors.Add(l["Error_Concurrency"]);
        }
        else if (errors.Count == 0)
        {
            var created = await definitions.CreateAsync(form.NamePersian ?? "", form.NameEnglish ?? "", form.RecordType ?? "", definition!, form.Enabled, cancellationToken);
            TempData["Message"] = l["Saved"].Value;
            return RedirectToAction(nameof(Details), new { id = created.Id });
        }

        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return View("Edit", await EditorAsync(form, errors, cancellationToken));
    }

    /// <summary>What the form's definition would do on a record found by <paramref name="record"/> (a name, a phone), without doing it.</summary>
    [HttpPost]
    [RequestSizeLimit(256 * 1024)]
    public async Task<IActionResult> DryRun(WorkflowForm form, string? record, CancellationToken cancellationToken)
    {
        if (form.Id is { } id && await catalog.FindAsync(id, false, cancellationToken) is { } existing)
        {
            form.RecordType = existing.Workflow.RecordType;
        }

        var (definition, errors) = Check(form);

        var schema = validator.Schema(form.RecordType ?? "");
        var text = (record ?? "").Trim();
        if (schema is null || records.Find(schema.Type) is not { } type || text.Length is 0 or > 100)
        {
            return PartialView("_DryRun", new DryRunView(null, [], [l["DryRun_NoRecord"]]));
        }

        var matches = await type.SearchAsync(text, 1, cancellationToken);
        var found = matches.Count > 0 ? matches[0] : null;
        var values = found is null ? null : await type.ReadFieldsAsync(found.Record.Id, cancellationToken);
        if (found is null || values is null)
        {
            return PartialView("_DryRun", new DryRunView(null, [], [l["DryRun_NotFound"]]));
        }

        var lines = definition is null ? [] : await descriptions.FlowAsync(schema, definition, values, cancellationToken);
        return PartialView("_DryRun", new DryRunView(found, lines, errors));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, RunState? state, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, true, cancellationToken) is not { } found || validator.Schema(found.Workflow.RecordType) is not { } schema)
        {
            return NotFound();
        }

        var flow = await descriptions.FlowAsync(schema, found.Definition, null, cancellationToken);
        var runs = await catalog.RunsAsync(id, state, cancellationToken);
        return View(new WorkflowDetailsPage(found.Workflow, labels.Type(schema), flow, runs, state));
    }

    [HttpPost]
    public async Task<IActionResult> Enable(Guid id, CancellationToken cancellationToken)
    {
        await definitions.SetEnabledAsync(id, true, cancelRuns: false, cancellationToken);
        TempData["Message"] = l["Enabled_Message"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>Switches a workflow off; the form asks whether its runs in flight are cancelled or left to finish.</summary>
    [HttpPost]
    public async Task<IActionResult> Disable(Guid id, bool cancelRuns, CancellationToken cancellationToken)
    {
        await definitions.SetEnabledAsync(id, false, cancelRuns, cancellationToken);
        TempData["Message"] = (cancelRuns ? l["Disabled_Cancelled"] : l["Disabled_Message"]).Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, false, cancellationToken) is null)
        {
            return NotFound();
        }

        await definitions.DeleteAsync(id, cancellationToken);
        TempData["Message"] = l["Deleted"].Value;
        TempData["RestoreUrl"] = Url.Action(nameof(Restore), new { id });
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        if (!await definitions.RestoreAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = l["Restored"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet]
    public async Task<IActionResult> Run(Guid id, CancellationToken cancellationToken)
    {
        if (await catalog.RunAsync(id, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        return View(new RunPage([run], await catalog.LogAsync([id], cancellationToken), null) { CustomerTasks = await catalog.CustomerTasksAsync([id], cancellationToken) });
    }

    [HttpPost]
    public async Task<IActionResult> RetryRun(Guid id, CancellationToken cancellationToken)
    {
        TempData["Message"] = (await definitions.RetryRunAsync(id, cancellationToken) ? l["Run_Retried"] : l["Run_NotFailed"]).Value;
        return RedirectToAction(nameof(Run), new { id });
    }

    [HttpPost]
    public async Task<IActionResult> CancelRun(Guid id, CancellationToken cancellationToken)
    {
        TempData["Message"] = (await definitions.CancelRunAsync(id, cancellationToken) ? l["Run_Cancelled"] : l["Run_AlreadyFinished"]).Value;
        return RedirectToAction(nameof(Run), new { id });
    }

    private (WorkflowDefinition? Definition, List<string> Errors) Check(WorkflowForm form)
    {
        WorkflowDefinition? definition = null;
        if (form.Definition is { Length: > 0 and <= WorkflowValidator.MaxJsonLength } json)
        {
            try
            {
                definition = WorkflowDefinition.FromJson(json);
            }
            catch (JsonException)
            {
            }
        }

        return definition is null
            ? (null, [l["Error_Definition"]])
            : (definition, validator.Validate(form.NamePersian ?? "", form.NameEnglish ?? "", form.RecordType ?? "", definition));
    }

    private string Describe(string recordType, WorkflowDefinition definition) =>
        validator.Schema(recordType) is { } schema ? descriptions.Trigger(schema, definition.Trigger) : recordType;

    private async Task<WorkflowEditor> EditorAsync(WorkflowForm form, List<string> errors, CancellationToken cancellationToken)
    {
        var users = await mediator.Send(new ListUsers(), cancellationToken);
        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        var roles = await mediator.Send(new ListRoleNames(), cancellationToken);
        var forms = await mediator.Send(new Crm.Modules.Forms.Contracts.ListFillableForms(), cancellationToken);
        var persian = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("fa", StringComparison.Ordinal);
        await labels.PrepareAsync(validator.Schemas, cancellationToken);
        var schemas = validator.Schemas.Select(s => new
        {
            type = s.Type,
            label = labels.Type(s),
            events = s.Events.Select(e => new { value = e.Name, label = labels.Event(s, e.Name) }),
            opens = validator.Schemas.Where(o => o.OpensFor.Contains(s.Type)).Select(o => new { value = o.Type, label = labels.Type(o) }),
            customer = s.CustomerField is not null,
            fields = s.Fields.Select(f => new
            {
                name = f.Name,
                label = labels.Field(s, f),
                kind = f.Kind.ToString(),
                settable = f.Settable,
                choices = labels.Choices(s, f).Select(c => new { value = c.Value, label = c.Label }),
            }),
        });
        var texts = DesignerTexts.Keys.ToDictionary(k => k, k => l[k].Value);
        var data = JsonSerializer.Serialize(new
        {
            schemas,
            users = users.Select(u => new { id = u.Id, name = u.DisplayName }),
            teams = teams.Select(t => new { id = t.Id, name = t.Name }),
            roles,
            forms = forms.Select(f => new { value = f.Key, label = f.Name + " — " + (persian || f.TitleEn.Length == 0 ? f.TitleFa : f.TitleEn) }),
            texts,
        }, WorkflowDefinition.Json);
        return new WorkflowEditor(form, errors, data);
    }
}
