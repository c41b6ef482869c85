using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Domain;

namespace Crm.Modules.Messaging.Domain;

/// <summary>A message written once per channel and language, filled from a record when it is sent.</summary>
public sealed class MessageTemplate : AggregateRoot
{
    /// <summary>What code asks for, e.g. <c>invoice.reminder</c>; one template per key, channel and language.</summary>
    public string Key { get; set; } = "";

    public MessageChannel Channel { get; set; }

    /// <summary><c>fa</c> or <c>en</c>.</summary>
    public string Culture { get; set; } = "fa";

    public MessageCategory Category { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The subject of an email (empty for SMS).</summary>
    public string? Subject { get; set; }

    /// <summary>The SMS text, or the HTML of an email.</summary>
    public string Body { get; set; } = "";
}
