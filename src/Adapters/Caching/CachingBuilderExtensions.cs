using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.Caching.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal;

/// <summary>Adds the in-memory caching decorator (<see cref="CachingWechatTokenProvider"/>) to the token provider.</summary>
public static class CachingBuilderExtensions
{
    /// <summary>The name of the health check registered by <c>AddCaching</c>: <c>genauth-wechat-token-cache</c>.</summary>
    public const string HealthCheckName = "genauth-wechat-token-cache";

    /// <summary>The name of the in-process cache in the builder's cache slot: <c>Memory</c>.</summary>
    public const string CacheName = "Memory";

    /// <summary>
    /// Fills the builder's in-process cache slot: each source in use is served from a private in-memory cache (the
    /// registered <see cref="IWechatTokenInvalidator"/> then drops rejected tokens from it), and registers the
    /// <see cref="HealthCheckName"/> health check.
    /// Options come from defaults and any <c>Configure&lt;WechatTokenCachingOptions&gt;</c>; they are validated at start-up.
    /// Calling it again changes nothing but the options.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddCaching(this WechatTokenProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WechatTokenCachingOptions>().ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<WechatTokenCachingOptions>>(WechatTokenCachingOptionsValidator.Instance));
        if (services.Any(d => d.ServiceType == typeof(CachingDecoratorSlot)))
        {
            return builder;
        }

        services.AddSingleton<CachingDecoratorSlot>();
        builder.FollowSharedAppIdTelemetry<WechatTokenCachingOptions>(static o => o.IncludeAppIdInTelemetry = true);
        builder.UseCache(
            CacheName,
            static (sp, layer) => sp.GetRequiredService<CachingDecoratorSlot>().Create(sp, layer.Inner, layer.SourceName));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName,
            sp => new CachingHealthCheck(() =>
            {
                // Unhealthy only for the configured apps of the catalog; other credentials make it Degraded at most.
                var includeAppIds = sp.GetRequiredService<IOptions<WechatTokenCachingOptions>>().Value.IncludeAppIdInTelemetry;
                var apps = sp.GetRequiredService<IWechatAppCatalog>();
                return [.. sp.GetRequiredService<CachingDecoratorSlot>().GetProviders(sp)
                    .Select(cache => new WechatTokenCacheHealthCheck(cache, apps, includeAppIds))];
            }),
            failureStatus: null,
            tags: ["genauth", "wechat", "token-cache"]));
        return builder;
    }

    /// <summary>Adds caching (see <see cref="AddCaching(WechatTokenProviderBuilder)"/>) and configures its options in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options, e.g. <c>o =&gt; o.SizeLimit = 50_000</c>.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddCaching(
        this WechatTokenProviderBuilder builder, Action<WechatTokenCachingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddCaching();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds caching (see <see cref="AddCaching(WechatTokenProviderBuilder)"/>) and binds its options from a configuration
    /// section, usually <c>configuration.GetSection("Wechat:Caching")</c>
    /// (<see cref="WechatTokenProviderDefaults.CachingSectionName"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cachingSection">The section holding <c>MaxRefreshAhead</c>, <c>SizeLimit</c>, ...</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddCaching(this WechatTokenProviderBuilder builder, IConfiguration cachingSection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cachingSection);
        builder.AddCaching();
        builder.Services.AddOptions<WechatTokenCachingOptions>().Bind(cachingSection);
        return builder;
    }
}
