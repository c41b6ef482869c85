using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.SharedKernel.Lists;

/// <summary>
/// Search keys are normalised copies of names, phones and emails (see <see cref="Text.PersianText.Key"/>) kept in
/// indexed columns. Prefix search is a range on such a column, which every database answers with an index seek.
/// </summary>
public static class SearchKeys
{
    /// <summary>Model annotation marking a search-key column; on PostgreSQL it gets the byte-order "C" collation so ranges seek the index.</summary>
    public const string Annotation = "Crm:SearchKey";

    /// <summary>The range [from, to) holding every key that starts with <paramref name="prefix"/>.</summary>
    public static (string From, string To) PrefixRange(string prefix) => (prefix, prefix + '\uFFFF');

    public static PropertyBuilder<TProperty> IsSearchKey<TProperty>(this PropertyBuilder<TProperty> property, int maxLength) =>
        property.HasMaxLength(maxLength).HasAnnotation(Annotation, true);

    /// <summary>A search term with an @ is an email address.</summary>
    public static bool LooksLikeEmail(string term) => term.Contains('@', StringComparison.Ordinal);

    /// <summary>Digits (any script) with phone punctuation only, and at least three digits: a phone number.</summary>
    public static bool LooksLikePhone(string term) =>
        term.All(c => char.IsDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/')
        && term.Count(char.IsDigit) >= 3;
}
