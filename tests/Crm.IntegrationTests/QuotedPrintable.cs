using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crm.IntegrationTests;

/// <summary>Decodes a quoted-printable mail body (RFC 2045) so tests can read what the recipient reads.</summary>
public static partial class QuotedPrintable
{
    [GeneratedRegex("=\r?\n")]
    private static partial Regex SoftBreak();

    public static string Decode(string text)
    {
        var joined = SoftBreak().Replace(text, "");
        var bytes = new List<byte>(joined.Length);
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(byte.Parse(joined.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
