namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// What the builder collected: one source and the decorators around it. Registered once per service
/// collection as an instance, so repeated <c>AddWechatTokenProvider()</c> calls share it.
/// </summary>
internal sealed class WechatTokenProviderComposition
{
    private readonly List<Func<IServiceProvider, IWechatTokenProvider, IWechatTokenProvider>> _decorators = [];
    private readonly HashSet<string> _decoratorIds = new(StringComparer.Ordinal);

    /// <summary>The source's short name ("GenAuth", "Wechat", ...), for logs and metrics.</summary>
    public string? SourceName { get; private set; }

    public Func<IServiceProvider, IWechatTokenProvider>? SourceFactory { get; private set; }

    public IReadOnlyList<Func<IServiceProvider, IWechatTokenProvider, IWechatTokenProvider>> Decorators => _decorators;

    public void UseSource(string sourceName, Func<IServiceProvider, IWechatTokenProvider> factory)
    {
        SourceName = sourceName;
        SourceFactory = factory;
    }

    /// <summary>Adds a decorator once per <paramref name="id"/> (so repeated builder calls stay idempotent).</summary>
    public void AddDecorator(string id, Func<IServiceProvider, IWechatTokenProvider, IWechatTokenProvider> decorator)
    {
        if (_decoratorIds.Add(id))
        {
            _decorators.Add(decorator);
        }
    }

    /// <summary>Creates the source (undecorated).</summary>
    public IWechatTokenProvider CreateSource(IServiceProvider services) =>
        SourceFactory is null
            ? throw new InvalidOperationException(MissingSourceMessage)
            : SourceFactory(services);

    /// <summary>Creates the source wrapped in every decorator, innermost first.</summary>
    public IWechatTokenProvider Build(IServiceProvider services)
    {
        var provider = CreateSource(services);
        foreach (var decorate in _decorators)
        {
            provider = decorate(services, provider);
        }

        return provider;
    }

    public const string MissingSourceMessage =
        "No WeChat token source is configured. Call UseGenAuth(...) or UseWechat(...) on services.AddWechatTokenProvider().";
}
