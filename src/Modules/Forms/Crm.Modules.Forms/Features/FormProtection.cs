using System.Globalization;
using System.Security.Cryptography;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Forms.Features;

/// <summary>Why a public post was turned away (each has its own message), or <see cref="None"/>.</summary>
public enum Refusal
{
    None = 0,
    Honeypot,
    TooFast,
    Expired,
    AddressLimit,
    FormLimit,
}

/// <summary>
/// What stands in for an outside captcha on public forms (none is reliably reachable from Iran): a signed fill token
/// made when the page is served (the form, the time, a one-time value) that the post must bring back, no sooner than
/// a person can fill the form and no later than a day; a honeypot field people never see; and limits per sender
/// address and per form counted in the database, so every instance sees the same counts. The token also makes a
/// post sent twice one submission.
/// </summary>
public sealed class FormProtection(IDataProtectionProvider protection, IClock clock, DbContext db, IOptions<FormProtection.Options> options)
{
    public const string TokenField = "__fill";

    /// <summary>The field no person sees or fills; named to tempt form-filling robots.</summary>
    public const string HoneypotField = "website_url";

    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Forms.Fill");

    public sealed class Options
    {
        public const string Section = "Forms";

        /// <summary>The least time between serving the form and its post; quicker posts are robots.</summary>
        public int MinFillSeconds { get; set; } = 3;

        public int TokenHours { get; set; } = 24;

        public int PerAddressPerHour { get; set; } = 20;

        public int PerFormPerMinute { get; set; } = 120;
    }

    public string IssueToken(Guid formId) =>
        _protector.Protect(string.Join('|', formId.ToString("N"), clock.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture), Convert.ToHexString(RandomNumberGenerator.GetBytes(12))));

    /// <summary>
    /// Checks a post's token and honeypot; the token's key (a hash of its one-time value) when it passes. A signed-in
    /// customer (<paramref name="signedIn"/>) is not held to the robots' least fill time: their session already vouches.
    /// </summary>
    public (Refusal Refusal, string? TokenKey) CheckPost(Guid formId, string? token, string? honeypot, bool signedIn = false)
    {
        if (!string.IsNullOrEmpty(honeypot))
        {
            return (Refusal.Honeypot, null);
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(token ?? "").Split('|');
        }
        catch (CryptographicException)
        {
            return (Refusal.Expired, null);
        }

        if (parts.Length != 3 || parts[0] != formId.ToString("N") || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return (Refusal.Expired, null);
        }

        var age = clock.UtcNow - new DateTime(ticks, DateTimeKind.Utc);
        if (!signedIn && age < TimeSpan.FromSeconds(options.Value.MinFillSeconds))
        {
            return (Refusal.TooFast, null);
        }

        return age > TimeSpan.FromHours(options.Value.TokenHours) ? (Refusal.Expired, null) : (Refusal.None, FormSubmissions.Hash("token", parts[2]));
    }

    /// <summary>The sender's key for a form: a hash of the address with the form, so addresses are not kept.</summary>
    public static string SenderKey(Guid formId, string? address) => FormSubmissions.Hash("sender:" + formId.ToString("N"), address ?? "unknown");

    /// <summary>Whether the form has taken its share from this sender in the last hour, or from everyone in the last minute (one statement).</summary>
    public async Task<Refusal> CheckLimitsAsync(Guid formId, string senderKey, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var (perAddress, perForm) = (options.Value.PerAddressPerHour, options.Value.PerFormPerMinute);
        var hourAgo = now.AddHours(-1);
        var minuteAgo = now.AddMinutes(-1);
        var submissions = db.Set<FormSubmission>().IgnoreQueryFilters();
        // Both counts in one statement, each counted no further than its limit and in the order of the index that holds
        // its range (without the order SQLite walked all the form's submissions): a busy form costs what a quiet one does.
        var counts = await db.Set<Form>().IgnoreQueryFilters().Where(f => f.Id == formId).Select(f => new
        {
            FromSender = submissions.Where(s => s.FormId == formId && s.SenderKey == senderKey && s.CreatedAt > hourAgo).OrderBy(s => s.CreatedAt).Take(perAddress).Count(),
            FromAll = submissions.Where(s => s.FormId == formId && s.CreatedAt > minuteAgo).OrderBy(s => s.CreatedAt).Take(perForm).Count(),
        }).FirstOrDefaultAsync(cancellationToken);
        return counts is null ? Refusal.None
            : counts.FromSender >= perAddress ? Refusal.AddressLimit
            : counts.FromAll >= perForm ? Refusal.FormLimit
            : Refusal.None;
    }
}
