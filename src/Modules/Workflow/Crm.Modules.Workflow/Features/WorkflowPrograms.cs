using Crm.Modules.Workflow.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Workflow.Features;

/// <summary>A version's definition and compiled steps; versions never change, so they are kept in memory once read.</summary>
public sealed record CompiledVersion(Domain.Workflow Workflow, WorkflowDefinition Definition, WorkflowProgram Program);

public sealed class WorkflowPrograms(DbContext db, IMemoryCache cache)
{
    public async Task<CompiledVersion?> GetAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var key = "workflow:version:" + versionId;
        if (cache.TryGetValue(key, out CompiledVersion? compiled))
        {
            return compiled;
        }

        var found = await (from v in db.Set<WorkflowVersion>().AsNoTracking()
                           join w in db.Set<Domain.Workflow>().IgnoreQueryFilters().AsNoTracking() on v.WorkflowId equals w.Id
                           where v.Id == versionId
                           select new { v.Definition, Workflow = w }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var definition = WorkflowDefinition.FromJson(found.Definition);
        compiled = new CompiledVersion(found.Workflow, definition, WorkflowProgram.Compile(definition));
        // The workflow's names and owner may change; the version's steps never do. A short life keeps the names fresh.
        cache.Set(key, compiled, TimeSpan.FromMinutes(5));
        return compiled;
    }
}
