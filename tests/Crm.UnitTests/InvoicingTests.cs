using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;

namespace Crm.UnitTests;

/// <summary>The arithmetic of quotes and invoices, amounts in words, document numbers, and the rules of status and reminders.</summary>
public sealed class InvoicingTests
{
    /// <summary>Each case computed by hand: gross = quantity × price, discount, VAT on the net, each rounded to whole rials half away from zero.</summary>
    [Theory]
    [InlineData("1", 1_000_000, null, null, "10", 1_000_000, 0, 1_000_000, 100_000, 1_100_000)]
    [InlineData("3", 333_333, null, null, "9", 999_999, 0, 999_999, 90_000, 1_089_999)]
    [InlineData("2.5", 12_345, "10", null, "10", 30_863, 3_086, 27_777, 2_778, 30_555)]
    [InlineData("1.333", 7_500, null, 1_000L, "0", 9_998, 1_000, 8_998, 0, 8_998)]
    [InlineData("10", 15, "33.33", null, "10", 150, 50, 100, 10, 110)]
    [InlineData("1", 5, null, null, "10", 5, 0, 5, 1, 6)]
    [InlineData("4", 250_000, "100", null, "10", 1_000_000, 1_000_000, 0, 0, 0)]
    [InlineData("0.001", 1_000_000_000, null, null, "10", 1_000_000, 0, 1_000_000, 100_000, 1_100_000)]
    public void A_line_is_computed_exactly_and_rounded_to_whole_rials(string quantity, long price, string? percent, long? amount, string vat,
        long gross, long discount, long net, long tax, long total)
    {
        var line = DocumentMath.Line(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), price,
            percent is null ? null : decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), amount, decimal.Parse(vat, System.Globalization.CultureInfo.InvariantCulture));
        line.ShouldBe(new LineAmounts(gross, discount, net, tax, total));
    }

    [Fact]
    public void A_document_totals_the_rounded_lines_so_its_columns_add_up()
    {
        var quote = new Quote();
        quote.Lines.Add(new QuoteLine { Quantity = 3, UnitPrice = 333_333, VatRate = 9 });
        quote.Lines.Add(new QuoteLine { Quantity = 2.5m, UnitPrice = 12_345, DiscountPercent = 10, VatRate = 10 });
        quote.Lines.Add(new QuoteLine { Quantity = 1, UnitPrice = 5, VatRate = 10 });
        quote.Recompute();
        (quote.Subtotal, quote.DiscountTotal, quote.VatTotal, quote.Total).ShouldBe((999_999L + 30_863 + 5, 3_086L, 90_000L + 2_778 + 1, 1_089_999L + 30_555 + 6));
        quote.LargestDiscount.ShouldBe(3_086m * 100 / 30_863);
    }

    [Theory]
    [InlineData(0, "صفر")]
    [InlineData(1, "یک")]
    [InlineData(15, "پانزده")]
    [InlineData(110, "صد و ده")]
    [InlineData(2019, "دو هزار و نوزده")]
    [InlineData(1_000_000, "یک میلیون")]
    [InlineData(1_200_000, "یک میلیون و دویست هزار")]
    [InlineData(1_234_567_890, "یک میلیارد و دویست و سی و چهار میلیون و پانصد و شصت و هفت هزار و هشتصد و نود")]
    [InlineData(5_000_000_000_000, "پنج هزار میلیارد")]
    public void Amounts_are_written_in_persian_words(long number, string words) => AmountInWords.Persian(number).ShouldBe(words);

    [Theory]
    [InlineData(0, "zero")]
    [InlineData(1_200_000, "one million two hundred thousand")]
    [InlineData(1_234_567_890, "one billion two hundred thirty-four million five hundred sixty-seven thousand eight hundred ninety")]
    public void Amounts_are_written_in_english_words(long number, string words) => AmountInWords.English(number).ShouldBe(words);

    [Fact]
    public void A_negative_amount_has_no_words() =>
        Should.Throw<ArgumentOutOfRangeException>(() => AmountInWords.Persian(-1));

    [Theory]
    [InlineData("INV-{year}-{number:6}", 1405, 123, "INV-1405-000123")]
    [InlineData("{number}", 1405, 7, "7")]
    [InlineData("Q{year}/{number:3}", 1404, 1234, "Q1404/1234")]
    public void Numbers_follow_their_pattern(string pattern, int year, long number, string expected) =>
        DocumentNumbers.Format(pattern, year, number).ShouldBe(expected);

    [Theory]
    [InlineData("INV-{year}-{number:6}", true)]
    [InlineData("{number}", true)]
    [InlineData("INV-{year}", false)]
    [InlineData("{number}-{number}", false)]
    [InlineData("INV-{month}-{number}", false)]
    [InlineData("{number:13}", false)]
    public void Only_patterns_with_one_number_are_accepted(string pattern, bool valid) => DocumentNumbers.IsValidPattern(pattern).ShouldBe(valid);

    private static Invoice Issued(long total, DateOnly due)
    {
        var invoice = new Invoice { IssueDate = due.AddDays(-30), DueDate = due };
        invoice.Lines.Add(new InvoiceLine { Quantity = 1, UnitPrice = total, VatRate = 0 });
        invoice.Recompute();
        invoice.Issue("INV-1", 1405, DateTime.UtcNow, null);
        return invoice;
    }

    [Fact]
    public void The_status_follows_payments_dates_and_bounced_cheques()
    {
        var due = new DateOnly(2026, 12, 1);
        var invoice = Issued(1_000_000, due);
        invoice.StatusOn(due).ShouldBe(InvoiceStatus.Unpaid);
        invoice.StatusOn(due.AddDays(1)).ShouldBe(InvoiceStatus.Overdue);

        var cash = new Payment { Method = PaymentMethod.Cash, Amount = 400_000 };
        var cheque = new Payment { Method = PaymentMethod.Cheque, Amount = 600_000, ChequeStatus = ChequeStatus.Received };
        invoice.ApplyPayments([cash], DateTime.UtcNow);
        invoice.StatusOn(due).ShouldBe(InvoiceStatus.PartiallyPaid);
        invoice.ApplyPayments([cash, cheque], DateTime.UtcNow);
        invoice.StatusOn(due.AddDays(5)).ShouldBe(InvoiceStatus.Paid);
        invoice.DomainEvents.OfType<InvoicePaid>().Count().ShouldBe(1);

        cheque.ChequeStatus = ChequeStatus.Bounced;
        invoice.ApplyPayments([cash, cheque], DateTime.UtcNow);
        invoice.PaidAt.ShouldBeNull();
        invoice.StatusOn(due.AddDays(5)).ShouldBe(InvoiceStatus.Overdue);
        invoice.Balance.ShouldBe(600_000);

        invoice.CancelledAt = DateTime.UtcNow;
        invoice.StatusOn(due).ShouldBe(InvoiceStatus.Cancelled);
    }

    [Fact]
    public void Installments_are_covered_in_date_order_and_set_the_next_due_date()
    {
        var invoice = Issued(1_000_000, new DateOnly(2027, 3, 1));
        foreach (var (date, amount) in InstallmentPlan.Split(1_000_000, 3, new DateOnly(2027, 1, 1), 30))
        {
            invoice.Installments.Add(new Installment { DueDate = date, Amount = amount });
        }

        invoice.Installments.Select(i => i.Amount).ShouldBe([333_333L, 333_333L, 333_334L]);
        invoice.CurrentDueDate.ShouldBe(new DateOnly(2027, 1, 1));
        invoice.StatusOn(new DateOnly(2027, 1, 2)).ShouldBe(InvoiceStatus.Overdue);
        invoice.ApplyPayments([new Payment { Amount = 400_000 }], DateTime.UtcNow);
        invoice.CurrentDueDate.ShouldBe(new DateOnly(2027, 1, 31));
        invoice.AmountDueNow.ShouldBe(266_666);
        invoice.StatusOn(new DateOnly(2027, 1, 2)).ShouldBe(InvoiceStatus.PartiallyPaid);
    }

    [Theory]
    [InlineData(-4, null, 0)]
    [InlineData(-3, ReminderKind.BeforeDue, 0)]
    [InlineData(-1, ReminderKind.BeforeDue, 0)]
    [InlineData(0, ReminderKind.OnDue, 0)]
    [InlineData(6, null, 0)]
    [InlineData(7, ReminderKind.Overdue, 1)]
    [InlineData(13, ReminderKind.Overdue, 1)]
    [InlineData(14, ReminderKind.Overdue, 2)]
    public void A_policy_says_which_reminder_a_day_calls_for(int daysFromDue, ReminderKind? kind, int sequence)
    {
        var due = new DateOnly(2026, 12, 10);
        var next = PaymentReminders.Due(new ReminderPolicy { DaysBefore = 3, OnDueDate = true, EveryDaysAfter = 7 }, due, due.AddDays(daysFromDue));
        next.ShouldBe(kind is null ? null : (kind.Value, sequence));
    }

    [Theory]
    [InlineData(ChequeStatus.Received, ChequeStatus.Deposited, true)]
    [InlineData(ChequeStatus.Deposited, ChequeStatus.Bounced, true)]
    [InlineData(ChequeStatus.Received, ChequeStatus.Cleared, true)]
    [InlineData(ChequeStatus.Cleared, ChequeStatus.Bounced, false)]
    [InlineData(ChequeStatus.Bounced, ChequeStatus.Cleared, false)]
    [InlineData(ChequeStatus.Deposited, ChequeStatus.Received, false)]
    public void A_cheque_moves_only_forward(ChequeStatus from, ChequeStatus to, bool allowed) => Payment.CanMove(from, to).ShouldBe(allowed);

    [Theory]
    [InlineData("1234567890123456", true)]
    [InlineData("123456789012345", false)]
    [InlineData("12345678901234ab", false)]
    [InlineData(null, false)]
    public void A_sayad_id_has_sixteen_digits(string? id, bool valid) => Payment.IsValidSayadId(id).ShouldBe(valid);
}
