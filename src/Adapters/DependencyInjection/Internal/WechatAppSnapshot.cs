using System.Collections.Frozen;

namespace GenAuth.Hexagonal.Internal;

/// <summary>The configured apps at one moment: immutable, swapped whole when configuration reloads.</summary>
internal sealed class WechatAppSnapshot
{
    private readonly FrozenDictionary<string, WechatApp> _byExactName;
    private readonly FrozenDictionary<string, WechatApp> _byName;
    private readonly FrozenDictionary<string, string> _sourceByAppId;

    public WechatAppSnapshot(IReadOnlyCollection<WechatApp> apps, string defaultSource)
    {
        // Names are case-insensitive; the exact-case lookup comes first because it is the cheaper one on the hit path.
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

    public bool TryGet(string name, out WechatApp app) =>
        _byExactName.TryGetValue(name, out app!) || _byName.TryGetValue(name, out app!);

    /// <summary>The source of the app with <paramref name="appId"/>: its configured one, else the default.</summary>
    public string SourceFor(string appId) =>
        _sourceByAppId.TryGetValue(appId, out var source) ? source : DefaultSource;
}
