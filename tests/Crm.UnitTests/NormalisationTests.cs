using Crm.SharedKernel.Text;

namespace Crm.UnitTests;

/// <summary>The matching rules behind search and duplicate detection, as tables of real-looking input.</summary>
public sealed class NormalisationTests
{
    [Theory]
    [InlineData("09121234567", "9121234567")]
    [InlineData("0912 123 4567", "9121234567")]
    [InlineData("+98 912 123 4567", "9121234567")]
    [InlineData("+989121234567", "9121234567")]
    [InlineData("00989121234567", "9121234567")]
    [InlineData("989121234567", "9121234567")]
    [InlineData("9121234567", "9121234567")]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷", "9121234567")]
    [InlineData("٠٩١٢١٢٣٤٥٦٧", "9121234567")]
    [InlineData("(0912) 123-45-67", "9121234567")]
    [InlineData("۰۹۱۲-۱۲۳ 4567", "9121234567")]
    [InlineData("021 8888 1234", "2188881234")]
    [InlineData("+98 21 8888 1234", "2188881234")]
    [InlineData("+1 415 555 0100", "+14155550100")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("", "")]
    [InlineData("no digits", "")]
    public void Phone_numbers_reduce_to_one_key(string input, string expected) =>
        PhoneNumber.Normalize(input).ShouldBe(expected);

    [Theory]
    [InlineData("09121234567", true)]
    [InlineData("+98 935 000 1122", true)]
    [InlineData("021 8888 1234", false)]
    [InlineData("0912123456", false)]
    public void Iranian_mobiles_are_recognised(string input, bool mobile) =>
        PhoneNumber.IsIranianMobile(input).ShouldBe(mobile);

    [Theory]
    [InlineData("+989121234567", "0912 123 4567")]
    [InlineData("۰۲۱۸۸۸۸۱۲۳۴", "021 8888 1234")]
    public void Phone_numbers_display_in_the_national_format(string input, string expected) =>
        PhoneNumber.Display(input).ShouldBe(expected);

    [Theory]
    [InlineData("علي", "علی")] // Arabic yeh
    [InlineData("كاظمي", "کاظمی")] // Arabic kaf and yeh
    [InlineData("محمد‌رضا", "محمدرضا")] // zero-width non-joiner
    [InlineData("محمد رضا", "محمدرضا")] // space
    [InlineData("مُحَمَّد", "محمد")] // diacritics
    [InlineData("مـــحمد", "محمد")] // tatweel
    [InlineData("فاطمة", "فاطمه")] // teh marbuta
    [InlineData("أحمد", "احمد")] // hamza on alef
    [InlineData("  Ali   REZAEI ", "alirezaei")]
    [InlineData("شرکت ۱۲۳", "شرکت123")]
    public void Persian_names_share_a_matching_key(string input, string expected) =>
        PersianText.Key(input).ShouldBe(expected);

    [Fact]
    public void Clean_keeps_words_apart_and_fixes_letters()
    {
        PersianText.Clean("  علي   رضايي\u200Cنژاد ").ShouldBe("علی رضایی\u200Cنژاد");
        PersianText.Clean("کارت\u200C\u200Cخوان").ShouldBe("کارت\u200Cخوان");
        PersianText.Clean("\u200Cکارت\u200C خوان\u200C").ShouldBe("کارت خوان");
    }

    [Theory]
    [InlineData(" Ali.Rezaei@Example.COM ", "ali.rezaei@example.com")]
    [InlineData("INFO@shop.ir", "info@shop.ir")]
    public void Emails_fold_case(string input, string expected) => EmailAddress.Normalize(input).ShouldBe(expected);

    [Theory]
    [InlineData("ali@example.com", true)]
    [InlineData("ali@example", false)]
    [InlineData("ali example.com", false)]
    [InlineData("ali@@example.com", false)]
    [InlineData("", false)]
    public void Emails_are_validated(string input, bool valid) => EmailAddress.IsValid(input).ShouldBe(valid);

    [Theory]
    [InlineData("0013542419", true)]
    [InlineData("۰۰۱۳۵۴۲۴۱۹", true)]
    [InlineData("001-354241-9", true)]
    [InlineData("4493708999", true)]
    [InlineData("0013542418", false)]
    [InlineData("1111111111", false)]
    [InlineData("12345", false)]
    public void National_codes_are_checked(string input, bool valid) => IranianIds.IsValidNationalCode(input).ShouldBe(valid);

    [Theory]
    [InlineData("14007650912", true)]
    [InlineData("10101392951", true)]
    [InlineData("14007650913", false)]
    [InlineData("1400765091", false)]
    public void Legal_national_ids_are_checked(string input, bool valid) => IranianIds.IsValidLegalNationalId(input).ShouldBe(valid);

    [Theory]
    [InlineData("14007650912", true)]
    [InlineData("0013542419", true)]
    [InlineData("411111111111", true)]
    [InlineData("41111", false)]
    public void Economic_codes_are_checked(string input, bool valid) => IranianIds.IsValidEconomicCode(input).ShouldBe(valid);
}
