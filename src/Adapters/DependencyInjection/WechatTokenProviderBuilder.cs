using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal;

/// <summary>
/// Configures the <see cref="IWechatTokenProvider"/> registered by
/// <see cref="WechatTokenProviderServiceCollectionExtensions.AddWechatTokenProvider(IServiceCollection)"/>:
/// one source (<c>UseGenAuth</c> or <c>UseWechat</c>), optional decorators (<c>AddCaching</c>) and named apps.
/// </summary>
public sealed class WechatTokenProviderBuilder
{
    internal WechatTokenProviderBuilder(IServiceCollection services, WechatTokenProviderComposition composition)
    {
        Services = services;
        Composition = composition;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal WechatTokenProviderComposition Composition { get; }

    /// <summary>
    /// Uses a custom source, for example a test double. The last source configured wins; decorators such
    /// as caching still apply.
    /// </summary>
    /// <param name="sourceName">A short name for logs and metrics, e.g. <c>"Fake"</c>.</param>
    /// <param name="factory">Creates the source once, from the application's services.</param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder UseProvider(string sourceName, Func<IServiceProvider, IWechatTokenProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentNullException.ThrowIfNull(factory);
        Composition.UseSource(sourceName, factory);
        return this;
    }

    /// <summary>Uses an existing <see cref="IWechatTokenProvider"/> instance as the source.</summary>
    /// <param name="sourceName">A short name for logs and metrics.</param>
    /// <param name="provider">The source.</param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder UseProvider(string sourceName, IWechatTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return UseProvider(sourceName, _ => provider);
    }
}
