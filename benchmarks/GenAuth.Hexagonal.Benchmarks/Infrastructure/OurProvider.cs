using GenAuth.Hexagonal.Adapters.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>Builds our provider the way an application does: the DI builder with a source and <c>AddCaching()</c>.</summary>
internal static class OurProvider
{
    /// <summary>
    /// Returns the <see cref="CachingWechatTokenProvider"/> wrapping <paramref name="upstream"/>, and the container that owns it
    /// (dispose it to stop the cache's timers).
    /// </summary>
    public static (IWechatTokenProvider Provider, ServiceProvider Services) Create(IWechatTokenProvider upstream)
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", upstream).AddCaching();
        var container = services.BuildServiceProvider();
        var provider = container.GetRequiredService<IWechatTokenProvider>();
        if (provider is not CachingWechatTokenProvider)
        {
            container.Dispose();
            throw new InvalidOperationException($"Expected the caching decorator, got {provider.GetType().Name}.");
        }

        return (provider, container);
    }
}
