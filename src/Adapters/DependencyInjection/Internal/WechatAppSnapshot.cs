using System.Collections.Frozen;

namespace GenAuth.Hexagonal.Internal;

/// <summary>The configured apps at one moment: immutable, swapped whole when configuration reloads.</summary>
internal sealed class WechatAppSnapshot
{
    /// <summary>How many apps the reference-equality scan looks at before the dictionaries.</summary>
    private const int ScannedApps = 8;

    private readonly WechatApp[] _scanned;
    private readonly FrozenDictionary<string, WechatApp> _byExactName;
    private readonly FrozenDictionary<string, WechatApp> _byName;
    private readonly FrozenDictionary<string, string> _sourceByAppId;

    public WechatAppSnapshot(IReadOnlyCollection<WechatApp> apps, string defaultSource)
    {
        // The hit path: app names in code are literals, and literals are interned, as the names here are (see WechatApp), so
        // for the first few apps a reference comparison finds the app without hashing. Then the exact-case lookup, then the
        // case-insensitive one (names are case-insensitive).
        _scanned = [.. apps.Take(ScannedApps)];
        _byExactName = apps.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
        _byName = apps.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _sourceByAppId = apps
            .GroupBy(a => a.Credentials.AppId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().SourceName, StringComparer.Ordinal);
        DefaultSource = defaultSource;
        Names = [.. apps.Select(a => a.Name).Order(StringComparer.OrdinalIgnoreCase)];
    }

    public string DefaultSource { get; }

    public IReadOnlyCollection<string> Names { get; }

    public IEnumerable<WechatApp> Apps => _byName.Values;

    public bool TryGet(string name, out WechatApp app)
    {
        foreach (var candidate in _scanned)
        {
            if (ReferenceEquals(candidate.Name, name))
            {
                app = candidate;
                return true;
            }
        }

        return _byExactName.TryGetValue(name, out app!) || _byName.TryGetValue(name, out app!);
    }

    /// <summary>The source of the app with <paramref name="appId"/>: its configured one, else the default.</summary>
    public string SourceFor(string appId) =>
        _sourceByAppId.TryGetValue(appId, out var source) ? source : DefaultSource;
}
