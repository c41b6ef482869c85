using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Messaging;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Features.Teams;

public sealed record CreateTeam(string Name, Guid? LeaderId) : ICommand<Guid>;

/// <summary>Soft-deletes a team (Restore = false) or brings it back (Restore = true).</summary>
public sealed record SetTeamDeleted(Guid Id, bool Deleted) : ICommand<Unit>;

public sealed class CreateTeamValidator : AbstractValidator<CreateTeam>
{
    public CreateTeamValidator(IStringLocalizer<IdentityResources> l, DbContext db)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage(l["Required", l["Field_TeamName"]]).MaximumLength(200)
            .MustAsync(async (name, ct) => !await db.Set<Team>().AnyAsync(t => t.Name == name.Trim(), ct))
            .WithMessage(l["TeamExists"]);
    }
}

public sealed class CreateTeamHandler(DbContext db) : IRequestHandler<CreateTeam, Guid>
{
    public ValueTask<Guid> Handle(CreateTeam request, CancellationToken cancellationToken)
    {
        var team = new Team { Name = request.Name.Trim(), LeaderId = request.LeaderId };
        db.Add(team);
        return ValueTask.FromResult(team.Id);
    }
}

public sealed class SetTeamDeletedHandler(DbContext db) : IRequestHandler<SetTeamDeleted, Unit>
{
    public async ValueTask<Unit> Handle(SetTeamDeleted request, CancellationToken cancellationToken)
    {
        var team = await db.Set<Team>().IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == request.Id, cancellationToken)
            ?? throw new KeyNotFoundException($"Team {request.Id} not found.");
        if (request.Deleted)
        {
            db.Remove(team);
        }
        else
        {
            team.IsDeleted = false;
        }

        return Unit.Value;
    }
}
