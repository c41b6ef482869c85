using Crm.SharedKernel.Domain;

namespace Crm.Modules.Identity.Domain;

/// <summary>A sales or support team. Every user belongs to at most one; a manager leads it.</summary>
public sealed class Team : AggregateRoot
{
    public string Name { get; set; } = "";

    public Guid? LeaderId { get; set; }
}
