namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// What the builder collected: the sources, the default source, routes set in code, and the tier and cache slots.
/// Registered once per service collection as an instance, so repeated <c>AddWechatTokenProvider()</c> calls share it.
/// Contradictions (two defaults, one app routed to two sources, two different tiers or caches) fail here, at registration.
/// </summary>
internal sealed class WechatTokenProviderComposition
{
    public const string MissingSourceMessage =
        "No WeChat token source is configured. Call UseGenAuth(...) or UseWechat(...) on services.AddWechatTokenProvider().";

    private readonly List<SourceRegistration> _sources = [];
    private readonly Dictionary<string, string> _routes = new(StringComparer.OrdinalIgnoreCase);
    private string? _defaultSource;
    private bool _defaultByUseProvider;

    public IReadOnlyList<string> SourceNames => [.. _sources.Select(s => s.Name)];

    public IReadOnlyDictionary<string, string> Routes => _routes;

    public LayerRegistration? Tier { get; private set; }

    public LayerRegistration? Cache { get; private set; }

    public bool HasSources => _sources.Count > 0;

    public void AddSource(string name, Func<IServiceProvider, IWechatTokenProvider> factory, Func<IServiceProvider, IEnumerable<string>>? validate)
    {
        var registration = new SourceRegistration(name, factory, validate);
        var index = _sources.FindIndex(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _sources[index] = registration;
        }
        else
        {
            _sources.Add(registration);
        }
    }

    public void SetDefaultSource(string name, bool byUseProvider)
    {
        if (_defaultSource is not null
            && !string.Equals(_defaultSource, name, StringComparison.OrdinalIgnoreCase)
            && !(byUseProvider && _defaultByUseProvider))
        {
            throw new InvalidOperationException(byUseProvider || _defaultByUseProvider
                ? $"UseProvider makes its source the default, and the default source is already '{_defaultSource}' while '{name}' was asked for. "
                  + $"To add a source beside the default, call AddSource(\"{name}\", ...) and route apps to it with Wechat:Apps:{{name}}:Source = {name} or UseSourceFor(appName, \"{name}\")."
                : $"The default WeChat token source is already '{_defaultSource}'; '{name}' cannot be a second default. "
                  + $"Route single apps to '{name}' with UseSourceFor(appName, \"{name}\") or Wechat:Apps:{{name}}:Source = {name}.");
        }

        _defaultSource = name;
        _defaultByUseProvider = byUseProvider;
    }

    public void Route(string appName, string sourceName)
    {
        if (_routes.TryGetValue(appName, out var existing) && !string.Equals(existing, sourceName, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The app '{appName}' is routed to '{existing}' already and cannot also use '{sourceName}': each app has exactly one token owner. "
                + "Keep one UseSourceFor call per app (or one Wechat:Apps:{name}:Source key).");
        }

        _routes[appName] = sourceName;
    }

    public void SetTier(string name, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> factory) =>
        Tier = Fill(Tier, name, factory, "shared tier");

    public void SetCache(string name, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> factory) =>
        Cache = Fill(Cache, name, factory, "in-process cache");

    /// <summary>The source's registration under its canonical name, or <see langword="null"/>.</summary>
    public SourceRegistration? FindSource(string? name) =>
        name is null ? null : _sources.Find(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The default source: configuration first, then the builder's choice, then the first source added.</summary>
    public string? ResolveDefault(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : _defaultSource ?? (_sources.Count > 0 ? _sources[0].Name : null);

    private static LayerRegistration Fill(
        LayerRegistration? current, string name, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> factory, string slot)
    {
        if (current is not null && !string.Equals(current.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The {slot} slot holds '{current.Name}' already and cannot also hold '{name}'. Keep one {slot} per container.");
        }

        return new LayerRegistration(name, factory);
    }
}
