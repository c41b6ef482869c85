using Crm.Modules.Activities.Features;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Records;

namespace Crm.UnitTests;

/// <summary>How typed tag names and comment mentions are read.</summary>
public sealed class TagAndMentionTests
{
    [Theory]
    [InlineData("پیگیری فوری", "پيگيري فوري")]
    [InlineData("پیگیری فوری", "پیگیری\u200cفوری")]
    [InlineData("پیگیری فوری", "  پیگیری   فوری ")]
    [InlineData("VIP", "#vip")]
    [InlineData("مشتری ۱۰", "مشتري 10")]
    public void Names_that_mean_the_same_tag_share_a_key(string name, string typed) =>
        TagNames.Key(typed).ShouldBe(TagNames.Key(name));

    [Theory]
    [InlineData("مشتری ویژه", true)]
    [InlineData("قیمت بالا بود", true)]
    [InlineData("یک دو سه چهار", false)]
    [InlineData("   ", false)]
    [InlineData("#", false)]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijx", false)]
    public void A_tag_is_short(string name, bool valid) => TagNames.IsValid(name).ShouldBe(valid);

    [Fact]
    public void Several_tags_are_separated_by_latin_or_persian_commas_and_near_duplicates_collapse() =>
        TagNames.Split("مشتری ویژه، VIP, پيگيري فوري,  ,مشتري ويژه\nvip").ShouldBe(["مشتری ویژه", "VIP", "پیگیری فوری"]);

    [Fact]
    public void Mentions_are_user_names_after_an_at_sign_not_email_addresses()
    {
        var mentions = Comments.Mentions("@sara.ahmadi لطفاً ببین. cc @Reza_K, mail me at ali@company.example. @sara.ahmadi");
        mentions.Order(StringComparer.Ordinal).ShouldBe(["Reza_K", "sara.ahmadi"]);
        mentions.Contains("SARA.AHMADI").ShouldBeTrue();
    }

    [Fact]
    public void Linked_records_are_read_from_their_tokens()
    {
        var id = Guid.NewGuid();
        Comments.LinkedRecords($"با [[Contact:{id}]] تماس بگیر؛ [[Contact:not-a-guid]] نه").ShouldBe([new RecordRef("Contact", id)]);
    }
}
