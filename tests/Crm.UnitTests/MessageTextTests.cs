using Crm.Modules.Messaging.Features;

namespace Crm.UnitTests;

public class MessageTextTests
{
    [Fact]
    public void A_template_with_an_unknown_or_broken_placeholder_is_refused()
    {
        MessageText.Problems("سلام {{Contact.FirstName}}، مبلغ {{ Invoice.AmountDue }}").ShouldBeEmpty();
        MessageText.Problems("سلام {{Contact.FristName}} و {{Invoice.Total}}").ShouldBe(["{{Contact.FristName}}", "{{Invoice.Total}}"]);
        MessageText.Problems("سلام {{Contact.FirstName").ShouldBe(["{{ }}"]);
        MessageText.Problems(null).ShouldBeEmpty();
    }

    [Fact]
    public void Values_are_written_for_the_language_and_encoded_for_html()
    {
        var values = new Dictionary<string, object?>
        {
            ["Contact.FirstName"] = "<مریم>",
            ["Invoice.AmountDue"] = 12_500_000m,
            ["Invoice.DueDate"] = new DateOnly(2026, 11, 29),
        };
        const string template = "{{Contact.FirstName}}: {{Invoice.AmountDue}} ریال تا {{Invoice.DueDate}}";
        MessageText.Render(template, values, "fa", html: false).ShouldBe("<مریم>: ۱۲٬۵۰۰٬۰۰۰ ریال تا ۱۴۰۵/۰۹/۰۸");
        MessageText.Render(template, values, "fa", html: true).ShouldStartWith("&lt;مریم&gt;:");
        MessageText.Render("{{Invoice.AmountDue}} due {{Invoice.DueDate}}", values, "en", html: false).ShouldBe("12,500,000 due 29 Nov 2026");
        MessageText.Render("[{{Quote.Number}}]", values, "en", html: false).ShouldBe("[]");
    }

    [Theory]
    [InlineData("", 0, 0, false)]
    [InlineData("Hello", 5, 1, false)]
    [InlineData("سلام", 4, 1, true)]
    [InlineData("{[]}", 8, 1, false)]
    public void Sms_length_and_parts(string text, int characters, int parts, bool unicode) =>
        MessageText.SmsParts(text).ShouldBe((characters, parts, unicode));

    [Fact]
    public void Persian_sms_parts_are_70_characters_alone_and_67_when_split()
    {
        MessageText.SmsParts(new string('س', 70)).Parts.ShouldBe(1);
        MessageText.SmsParts(new string('س', 71)).Parts.ShouldBe(2);
        MessageText.SmsParts(new string('س', 134)).Parts.ShouldBe(2);
        MessageText.SmsParts(new string('س', 135)).Parts.ShouldBe(3);
        MessageText.SmsParts(new string('a', 160)).Parts.ShouldBe(1);
        MessageText.SmsParts(new string('a', 161)).Parts.ShouldBe(2);
    }

    [Fact]
    public void The_plain_text_part_keeps_paragraphs_and_writes_out_links() =>
        MessageText.HtmlToText("<p>سلام <b>مریم</b>،</p><p>پیش‌فاکتور: <a href=\"https://crm.example/q/1\">مشاهده</a><br>با سپاس</p>")
            .ShouldBe("سلام مریم،\n\nپیش‌فاکتور: مشاهده (https://crm.example/q/1)\nبا سپاس");
}
