namespace Crm.SharedKernel.Web;

/// <summary>
/// A view component one module puts into a page another module (or the host) renders, so record pages get the
/// timeline, tags and comments, and the top bar gets the notification bell, without referencing those modules.
/// </summary>
/// <param name="Slot">Where it goes: <see cref="PageSlots"/>.</param>
/// <param name="ViewComponent">The view component's name.</param>
/// <param name="Order">Position among the slot's components.</param>
public sealed record SlotComponent(string Slot, string ViewComponent, int Order = 100);

public static class PageSlots
{
    /// <summary>Below a customer record's details; the component receives <c>record</c> (a <c>RecordRef</c>).</summary>
    public const string RecordPage = "record";

    /// <summary>Beside the side panel of a record page (tags, quick actions); receives <c>record</c>.</summary>
    public const string RecordSide = "record-side";

    /// <summary>Buttons in a record page's header (convert a lead, new opportunity for a customer); receives <c>record</c>.</summary>
    public const string RecordActions = "record-actions";

    /// <summary>
    /// Beside the contact list's bulk actions, inside its form of checked <c>ids</c> (a button posts them elsewhere with
    /// <c>formaction</c>); no arguments.
    /// </summary>
    public const string ContactListBulk = "contact-list-bulk";

    /// <summary>The top bar of the signed-in shell; no arguments.</summary>
    public const string TopBar = "top-bar";

    /// <summary>The home page under the greeting (the dashboards); no arguments.</summary>
    public const string Home = "home";
}

/// <summary>What the shared <c>_Slot</c> partial renders: the slot's components, given the record of the page if any.</summary>
public sealed record SlotArguments(string Slot, Records.RecordRef? Record);
