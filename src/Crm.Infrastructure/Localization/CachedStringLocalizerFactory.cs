using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Crm.Infrastructure.Localization;

/// <summary>
/// Remembers each looked-up string per language. A list page looks up a hundred or more strings, and every
/// <see cref="System.Resources.ResourceManager"/> look-up takes a lock shared by all requests, which under load cost
/// more than the look-ups themselves. Resources are compiled in, so a string once found never changes.
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type? Type, string? BaseName, string? Location), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, null, null), key => new CachedStringLocalizer(inner.Create(key.Type!)));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((null, baseName, location), key => new CachedStringLocalizer(inner.Create(key.BaseName!, key.Location!)));

    private sealed class CachedStringLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        // Keys come from code, so the set is small; the bound only guards against a caller passing free text as a key.
        private const int MaxEntries = 20_000;
        private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _strings = new();

        public LocalizedString this[string name]
        {
            get
            {
                var key = (CultureInfo.CurrentUICulture.Name, name);
                if (_strings.TryGetValue(key, out var found))
                {
                    return found;
                }

                var value = inner[name];
                if (_strings.Count < MaxEntries)
                {
                    _strings.TryAdd(key, value);
                }

                return value;
            }
        }

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var format = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
