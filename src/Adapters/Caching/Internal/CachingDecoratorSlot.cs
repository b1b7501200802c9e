using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// Holds the one <see cref="CachingWechatTokenProvider"/> of a service provider, so that the decorated
/// <see cref="IWechatTokenProvider"/>, <see cref="IWechatTokenInvalidator"/> and the health check share it, and disposes it
/// with the container.
/// </summary>
internal sealed class CachingDecoratorSlot : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private CachingWechatTokenProvider? _provider;

    public CachingWechatTokenProvider Create(IServiceProvider services, IWechatTokenProvider inner, string sourceName)
    {
        lock (_gate)
        {
            if (_provider is not null)
            {
                throw new InvalidOperationException("The WeChat token cache was already created for this service provider.");
            }

            _provider = new CachingWechatTokenProvider(
                inner,
                services.GetRequiredService<IOptions<WechatTokenCachingOptions>>(),
                sourceName,
                services.GetService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger<CachingWechatTokenProvider>(),
                services.GetService<IMeterFactory>());
            return _provider;
        }
    }

    /// <summary>The cache, after building the decorated provider if that has not happened yet.</summary>
    public CachingWechatTokenProvider GetProvider(IServiceProvider services)
    {
        _ = services.GetRequiredService<IWechatTokenProvider>();
        lock (_gate)
        {
            return _provider ?? throw new InvalidOperationException(
                "The WeChat token cache was not created: IWechatTokenProvider is registered by other code than services.AddWechatTokenProvider().AddCaching().");
        }
    }

    public void Dispose()
    {
        CachingWechatTokenProvider? provider;
        lock (_gate)
        {
            provider = _provider;
        }

        provider?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
