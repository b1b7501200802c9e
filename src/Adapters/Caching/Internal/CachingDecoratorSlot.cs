using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Holds the <see cref="CachingWechatTokenProvider"/>s of a service provider, one per source in use, so that the health check
/// sees them all, and disposes them with the container.
/// </summary>
internal sealed class CachingDecoratorSlot : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CachingWechatTokenProvider> _providers = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    public CachingWechatTokenProvider Create(IServiceProvider services, IWechatTokenProvider inner, string sourceName)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_providers.ContainsKey(sourceName))
            {
                throw new InvalidOperationException($"The WeChat token cache for the source '{sourceName}' was already created for this service provider.");
            }

            var provider = new CachingWechatTokenProvider(
                inner,
                services.GetRequiredService<IOptions<WechatTokenCachingOptions>>(),
                sourceName,
                services.GetService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger<CachingWechatTokenProvider>(),
                services.GetService<IMeterFactory>());
            _providers.Add(sourceName, provider);
            return provider;
        }
    }

    /// <summary>The caches created so far (one per source that served a call, or the only source once resolved).</summary>
    public IReadOnlyList<CachingWechatTokenProvider> GetProviders(IServiceProvider services)
    {
        // With one source this builds its chain; with several, chains (and their caches) appear as apps use them.
        _ = services.GetRequiredService<IWechatTokenProvider>();
        lock (_gate)
        {
            return [.. _providers.Values];
        }
    }

    public void Dispose()
    {
        CachingWechatTokenProvider[] providers;
        lock (_gate)
        {
            _disposed = true;
            providers = [.. _providers.Values];
        }

        foreach (var provider in providers)
        {
            provider.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
