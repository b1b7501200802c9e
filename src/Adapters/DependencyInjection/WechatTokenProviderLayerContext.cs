namespace GenAuth.Hexagonal;

/// <summary>What a tier or cache factory of <see cref="WechatTokenProviderBuilder"/> wraps: one source's chain.</summary>
public sealed class WechatTokenProviderLayerContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="sourceName">The source's name, e.g. <c>"GenAuth"</c>.</param>
    /// <param name="inner">The provider below the layer: the source, or the shared tier over it.</param>
    public WechatTokenProviderLayerContext(string sourceName, IWechatTokenProvider inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentNullException.ThrowIfNull(inner);
        SourceName = sourceName;
        Inner = inner;
    }

    /// <summary>The source's name, for logs and metrics (e.g. <c>"GenAuth"</c>, <c>"Wechat"</c>).</summary>
    public string SourceName { get; }

    /// <summary>The provider below the layer.</summary>
    public IWechatTokenProvider Inner { get; }
}
