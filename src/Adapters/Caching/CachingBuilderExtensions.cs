using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.Caching.Internal;
using GenAuth.Hexagonal.Internal;
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

    /// <summary>
    /// Serves tokens of whichever source is configured from a private in-memory cache, registers
    /// <see cref="IWechatTokenInvalidator"/> (the same cache instance) and the <see cref="HealthCheckName"/> health check.
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

        var composition = builder.Composition;
        services.AddSingleton<CachingDecoratorSlot>();
        composition.AddDecorator(
            "caching",
            (sp, inner) => sp.GetRequiredService<CachingDecoratorSlot>().Create(sp, inner, composition.SourceName ?? "Custom"));
        services.TryAddSingleton<IWechatTokenInvalidator>(sp => sp.GetRequiredService<CachingDecoratorSlot>().GetProvider(sp));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName,
            sp => new WechatTokenCacheHealthCheck(
                sp.GetRequiredService<CachingDecoratorSlot>().GetProvider(sp),
                sp.GetRequiredService<IOptions<WechatTokenCachingOptions>>().Value.IncludeAppIdInTelemetry),
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
