using System.Globalization;
using System.Net;
using System.Text.Json;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Messaging.Providers;

/// <summary>
/// Kavenegar's HTTP API (v1): <c>POST {base}/{api-key}/sms/send.json</c> with receptor, message, sender and localid
/// (our message id, so the gateway refuses a second copy of the same message), answered with
/// <c>{"return":{"status":200,"message":"…"},"entries":[{"messageid":…,"status":…}]}</c>; delivery is looked up with
/// <c>sms/status.json?messageid=a,b</c>. Statuses 5xx and timeouts are retried; other refusals (a bad number, no
/// credit, a wrong key) are not.
/// </summary>
public sealed class KavenegarSmsTransport(HttpClient http, IOptions<MessagingOptions> options) : IMessageTransport, IDeliveryReports, IInboundMessages
{
    public MessageChannel Channel => MessageChannel.Sms;

    public string Name => "kavenegar";

    public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sms.Kavenegar;
        var form = new Dictionary<string, string>
        {
            ["receptor"] = "0" + message.ToKey,
            ["message"] = message.Body,
            ["localid"] = message.Id.ToString("N"),
        };
        if (!string.IsNullOrWhiteSpace(settings.Sender))
        {
            form["sender"] = settings.Sender;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var response = await http.PostAsync(Endpoint("sms/send.json"), new FormUrlEncodedContent(form), timeout.Token);
            var (status, text, entries) = await ReadAsync(response, timeout.Token);
            if (status == 200 && entries.Count > 0)
            {
                return TransportResult.Ok(entries[0].GetProperty("messageid").GetRawText());
            }

            var error = $"Kavenegar {status}: {text}";
            return status >= 500 || status is 0 or 429 ? TransportResult.Retry(error) : TransportResult.Refused(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportResult.Retry($"Kavenegar did not answer within {settings.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return TransportResult.Retry("Kavenegar unreachable: " + e.Message);
        }
    }

    public async Task<IReadOnlyDictionary<string, DeliveryState>> LookUpAsync(IReadOnlyCollection<string> providerMessageIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, DeliveryState>();
        foreach (var chunk in providerMessageIds.Chunk(500))
        {
            using var response = await http.GetAsync(Endpoint("sms/status.json?messageid=" + string.Join(',', chunk)), cancellationToken);
            var (status, _, entries) = await ReadAsync(response, cancellationToken);
            if (status != 200)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                // 10: delivered; 6, 11, 13, 14, 100: failed, undelivered, cancelled, blocked by the recipient, unknown.
                states[entry.GetProperty("messageid").GetRawText()] = entry.GetProperty("status").GetInt32() switch
                {
                    10 => DeliveryState.Delivered,
                    6 or 11 or 13 or 14 or 100 => DeliveryState.Undelivered,
                    _ => DeliveryState.Pending,
                };
            }
        }

        return states;
    }

    /// <summary>
    /// <c>sms/receive.json?linenumber=…&amp;isread=0</c>: the sending line's unread texts, which the gateway marks read as it
    /// answers (<c>isread=1</c>: those read already). Nothing is asked without a sending line.
    /// </summary>
    public async Task<IReadOnlyList<InboundSms>> FetchAsync(bool alreadyFetched, CancellationToken cancellationToken)
    {
        var line = options.Value.Sms.Kavenegar.Sender;
        if (string.IsNullOrWhiteSpace(line))
        {
            return [];
        }

        using var response = await http.GetAsync(Endpoint("sms/receive.json?linenumber=" + Uri.EscapeDataString(line) + "&isread=" + (alreadyFetched ? "1" : "0")), cancellationToken);
        var (status, _, entries) = await ReadAsync(response, cancellationToken);
        if (status != 200)
        {
            return [];
        }

        return [.. entries.Take(100).Select(e => new InboundSms(e.GetProperty("messageid").GetRawText(), e.GetProperty("sender").GetString() ?? "",
            e.GetProperty("message").GetString() ?? "", DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("date").GetInt64()).UtcDateTime))];
    }

    private Uri Endpoint(string path)
    {
        var settings = options.Value.Sms.Kavenegar;
        return new Uri($"{settings.BaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(settings.ApiKey)}/{path}");
    }

    private static async Task<(int Status, string Text, List<JsonElement> Entries)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            var result = json.RootElement.GetProperty("return");
            var entries = json.RootElement.TryGetProperty("entries", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.Clone()).ToList()
                : [];
            return (result.GetProperty("status").GetInt32(), result.GetProperty("message").GetString() ?? "", entries);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ((int)response.StatusCode is var code && code != (int)HttpStatusCode.OK ? code : 0, body.Length > 200 ? body[..200] : body, []);
        }
    }
}

/// <summary>Writes each SMS to a text file instead of sending it: for development and demos.</summary>
public sealed class FolderSmsTransport(string folder) : IMessageTransport
{
    public MessageChannel Channel => MessageChannel.Sms;

    public string Name => "folder";

    public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{message.Id:N}.txt");
        await File.WriteAllTextAsync(path, $"To: {message.To}\n\n{message.Body}\n", cancellationToken);
        return TransportResult.Ok(message.Id.ToString("N"));
    }
}
