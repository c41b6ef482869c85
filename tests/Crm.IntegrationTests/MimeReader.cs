using System.Text;
using System.Text.RegularExpressions;

namespace Crm.IntegrationTests;

/// <summary>
/// Reads a received message the way a mail client would, enough for assertions: headers (unfolded, encoded words
/// decoded) and the leaf parts of a multipart tree with their bodies decoded (base64 or quoted-printable).
/// </summary>
public sealed partial class MimeReader
{
    private MimeReader(Dictionary<string, string> headers, string body)
    {
        Headers = headers;
        RawBody = body;
    }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string RawBody { get; }

    public string ContentType => Headers.GetValueOrDefault("Content-Type", "text/plain");

    public static MimeReader Parse(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Unfold().Replace(head, " ").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = EncodedWords(line[(colon + 1)..].Trim());
            }
        }

        return new MimeReader(headers, split < 0 ? "" : text[(split + 2)..]);
    }

    /// <summary>Every non-multipart part, depth first.</summary>
    public IEnumerable<MimeReader> Leaves()
    {
        var boundary = BoundaryOf().Match(ContentType);
        if (!ContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || !boundary.Success)
        {
            yield return this;
            yield break;
        }

        var marker = "--" + boundary.Groups[1].Value;
        foreach (var part in RawBody.Split(marker).Skip(1))
        {
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            foreach (var leaf in Parse(part.TrimStart('\n')).Leaves())
            {
                yield return leaf;
            }
        }
    }

    public byte[] Content() =>
        Headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(string.Concat(RawBody.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => Encoding.UTF8.GetBytes(QuotedPrintable.Decode(RawBody.Replace("\n", "\r\n", StringComparison.Ordinal))),
            _ => Encoding.UTF8.GetBytes(RawBody),
        };

    public string Text() => Encoding.UTF8.GetString(Content());

    private static string EncodedWords(string value) =>
        EncodedWord().Replace(value, m => string.Equals(m.Groups[2].Value, "B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : QuotedPrintable.Decode(m.Groups[3].Value.Replace('_', ' ')));

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex Unfold();

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryOf();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();
}
