using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Forms.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Ganss.Xss;

namespace Crm.Modules.Campaigns.Features;

/// <summary>
/// What a campaign's message was taken from: an SMS template's text, or an email's HTML (a template's or a newsletter
/// issue's); <see cref="Error"/> names the resource of why it could not be. <see cref="None"/>: the text written.
/// </summary>
public sealed record CampaignContent(string? Source, string? Text, string? Html, string? Subject, string? Error)
{
    public static readonly CampaignContent None = new(null, null, null, null, null);

    public static CampaignContent Refused(string error) => new(null, null, null, null, error);
}

/// <summary>
/// Takes a campaign's message from a marketing template or a newsletter issue, as they are when the campaign is saved:
/// what the manager approves is what is sent, whatever happens to the template afterwards. A template's name
/// placeholders become the campaign's own; one that asks for anything a campaign cannot fill (an invoice's number) is
/// refused. An email template's HTML is sanitised as a newsletter's is; an issue comes sanitised from Forms.
/// </summary>
public sealed partial class CampaignContents(IMediator mediator)
{
    public const string TemplatePrefix = "template:";
    public const string IssuePrefix = "issue:";

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public async Task<CampaignContent> TakeAsync(string? source, CampaignType type, CancellationToken cancellationToken)
    {
        source = source?.Trim();
        if (string.IsNullOrEmpty(source))
        {
            return CampaignContent.None;
        }

        if (source.Length > Campaign.ContentSourceMaxLength)
        {
            return CampaignContent.Refused("Error_ContentMissing");
        }

        var isEmail = type is CampaignType.Email or CampaignType.Newsletter;
        if (source.StartsWith(TemplatePrefix, StringComparison.Ordinal) && Guid.TryParse(source[TemplatePrefix.Length..], out var templateId)
            && (type == CampaignType.Sms || isEmail))
        {
            var template = await mediator.Send(new GetMarketingTemplate(templateId), cancellationToken);
            if (template is null || template.Channel != (isEmail ? MessageChannel.Email : MessageChannel.Sms))
            {
                return CampaignContent.Refused("Error_ContentMissing");
            }

            var body = Fill(template.Body);
            var subject = template.Subject is null ? null : Fill(template.Subject);
            if (body is null || (template.Subject is not null && subject is null))
            {
                return CampaignContent.Refused("Error_TemplateFields");
            }

            return isEmail
                ? Checked(new CampaignContent(TemplatePrefix + templateId, null, Sanitizer.Sanitize(body), subject, null))
                : body.Length > Campaign.MessageMaxLength ? CampaignContent.Refused("Error_ContentTooLong") : new CampaignContent(TemplatePrefix + templateId, body, null, null, null);
        }

        if (source.StartsWith(IssuePrefix, StringComparison.Ordinal) && Guid.TryParse(source[IssuePrefix.Length..], out var issueId) && isEmail)
        {
            var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fa";
            var issue = await mediator.Send(new RenderNewsletterIssue(issueId, culture), cancellationToken);
            return issue is null
                ? CampaignContent.Refused("Error_ContentMissing")
                : Checked(new CampaignContent(IssuePrefix + issueId, null, issue.Html, TextLimits.Shorten(issue.Title, Campaign.SubjectMaxLength), null));
        }

        return CampaignContent.Refused("Error_ContentMissing");
    }

    /// <summary>A chosen body within the campaign's bounds: its size, and the links its tokens can number.</summary>
    private static CampaignContent Checked(CampaignContent content)
    {
        var links = CampaignEmail.HtmlLinks(content.Html);
        return content.Html!.Length > Campaign.HtmlMaxLength ? CampaignContent.Refused("Error_ContentTooLong")
            : links.Count > CampaignEmail.MaxLinks || links.Any(k => k.Length > CampaignEmail.MaxLinkLength) ? CampaignContent.Refused("Error_ContentLinks")
            : content;
    }

    /// <summary>A template's text with the name placeholders made the campaign's; null when it asks for anything else.</summary>
    private static string? Fill(string text)
    {
        var unknown = false;
        var filled = PlaceholderPattern().Replace(text, match =>
        {
            switch (match.Groups[1].Value)
            {
                case "Contact.FullName" or "Contact.FirstName" or "Customer.Name" or "Lead.FullName":
                    return Campaign.NamePlaceholder;
                case "UnsubscribeUrl":
                    // The outbox adds the unsubscribe link to every marketing message.
                    return "";
                default:
                    unknown = true;
                    return "";
            }
        });
        return unknown ? null : filled;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Add("dir");
        return sanitizer;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+(?:\.[A-Za-z]+)*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
