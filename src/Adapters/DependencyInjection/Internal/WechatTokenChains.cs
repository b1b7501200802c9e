using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// Builds, on first use, one chain per source: cache → shared tier → source, whatever order the builder calls came in.
/// A source no app uses is never created. A failed build is not kept: the next call tries again.
/// </summary>
internal sealed class WechatTokenChains(IServiceProvider services, WechatTokenProviderComposition composition)
{
    private readonly ConcurrentDictionary<string, IWechatTokenProvider> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>The chains built so far.</summary>
    public IEnumerable<IWechatTokenProvider> Built => _chains.Values;

    /// <summary>The chain of the source named <paramref name="sourceName"/>, built on first use.</summary>
    /// <exception cref="InvalidOperationException">No source has that name, or none is registered.</exception>
    public IWechatTokenProvider Get(string sourceName)
    {
        if (_chains.TryGetValue(sourceName, out var chain))
        {
            return chain;
        }

        lock (_gate)
        {
            // Under the lock so that a source, its tier and its cache are created exactly once.
            if (!_chains.TryGetValue(sourceName, out chain))
            {
                chain = Build(sourceName);
                _chains[sourceName] = chain;
            }

            return chain;
        }
    }

    private IWechatTokenProvider Build(string sourceName)
    {
        if (!composition.HasSources)
        {
            throw new InvalidOperationException(WechatTokenProviderComposition.MissingSourceMessage);
        }

        var source = composition.FindSource(sourceName) ?? throw new InvalidOperationException(
            $"No WeChat token source named '{sourceName}' is registered (registered: {string.Join(", ", composition.SourceNames)}). "
            + "Check Wechat:DefaultSource and Wechat:Apps:{name}:Source, or register it (UseGenAuth, UseWechat, AddSource).");
        var provider = source.Factory(services)
            ?? throw new InvalidOperationException($"The factory of the WeChat token source '{source.Name}' returned null.");
        if (composition.Tier is { } tier)
        {
            provider = tier.Factory(services, new WechatTokenProviderLayerContext(source.Name, provider));
        }

        if (composition.Cache is { } cache)
        {
            provider = cache.Factory(services, new WechatTokenProviderLayerContext(source.Name, provider));
        }

        return provider;
    }
}
