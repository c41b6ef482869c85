using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Contacts.Features;

/// <summary>The contact and organization fields automations see; names, phones and emails change only through their own pages.</summary>
public static class ContactSchemas
{
    public static RecordSchema Contact { get; } = new(RecordTypes.Contact, typeof(Contact), typeof(ContactsResources),
    [
        new(nameof(Domain.Contact.FullName), FieldKind.Text, "Field_Name"),
        new(nameof(Domain.Contact.PrimaryPhone), FieldKind.Text, "Field_Mobile"),
        new(nameof(Domain.Contact.PrimaryEmail), FieldKind.Text, "Field_Email"),
        new(nameof(Domain.Contact.JobTitle), FieldKind.Text, "Field_JobTitle", Settable: true),
        new(nameof(Domain.Contact.City), FieldKind.Text, "Field_City"),
        new(nameof(Domain.Contact.Source), FieldKind.Choice, "Field_Source", Settable: true) { ChoiceType = typeof(CustomerSource), ChoicePrefix = "Source_" },
        new(nameof(Domain.Contact.Rating), FieldKind.Number, "Field_Rating", Settable: true),
        new(nameof(Domain.Contact.Birthday), FieldKind.Date, "Field_Birthday"),
        new(nameof(Domain.Contact.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Domain.Contact.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Domain.Contact.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { CustomerField = "Id", LabelKey = "RecordType_Contact", MobileField = nameof(Domain.Contact.PrimaryPhone), EmailField = nameof(Domain.Contact.PrimaryEmail) };

    public static RecordSchema Organization { get; } = new(RecordTypes.Organization, typeof(Organization), typeof(ContactsResources),
    [
        new(nameof(Domain.Organization.Name), FieldKind.Text, "Field_Name"),
        new(nameof(Domain.Organization.PrimaryPhone), FieldKind.Text, "Field_Phone"),
        new(nameof(Domain.Organization.PrimaryEmail), FieldKind.Text, "Field_Email"),
        new(nameof(Domain.Organization.Industry), FieldKind.Text, "Field_Industry", Settable: true),
        new(nameof(Domain.Organization.City), FieldKind.Text, "Field_City"),
        new(nameof(Domain.Organization.Source), FieldKind.Choice, "Field_Source", Settable: true) { ChoiceType = typeof(CustomerSource), ChoicePrefix = "Source_" },
        new(nameof(Domain.Organization.Rating), FieldKind.Number, "Field_Rating", Settable: true),
        new(nameof(Domain.Organization.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Domain.Organization.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Domain.Organization.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { LabelKey = "RecordType_Organization", MobileField = nameof(Domain.Organization.PrimaryPhone), EmailField = nameof(Domain.Organization.PrimaryEmail) };

    /// <summary>A rating's bounds, as the contact form has them.</summary>
    public static string? CheckRating(int rating) => rating is < 0 or > 5 ? "a rating is 0 to 5" : null;
}
