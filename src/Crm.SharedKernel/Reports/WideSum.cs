namespace Crm.SharedKernel.Reports;

/// <summary>
/// Sums of money over any number of rows without overflow. A 64-bit SUM fails once the total passes 9.2 × 10^18 (ten
/// thousand deals at the largest amount allowed), and one such total would take the board and every report down for
/// the whole company. Queries sum each amount's high part (<c>amount / Unit</c>) and low part (<c>amount % Unit</c>)
/// in SQL, where both sums stay far inside 64 bits for billions of rows, and <see cref="Of"/> joins them exactly.
/// </summary>
public static class WideSum
{
    public const long Unit = 1_000_000_000;

    public static decimal Of(long high, long low) => ((decimal)high * Unit) + low;
}
