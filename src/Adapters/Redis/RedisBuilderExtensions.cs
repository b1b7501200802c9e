using GenAuth.Hexagonal.Adapters.Redis;
using GenAuth.Hexagonal.Adapters.Redis.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal;

/// <summary>Adds the Redis tier (<see cref="RedisWechatTokenProvider"/>) to the token provider: many instances, one token.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>The name of the tier in the builder's shared-tier slot: <c>Redis</c>.</summary>
    public const string TierName = "Redis";

    /// <summary>
    /// Fills the builder's shared-tier slot with Redis, over the <c>IConnectionMultiplexer</c> the application registers: each
    /// source in use shares its tokens through Redis (encrypted), one instance refreshes for the fleet, rejections reach every
    /// instance, and while Redis is away the in-process cache and the source answer. Registers the
    /// <see cref="RedisWechatTokenDefaults.HealthCheckName"/> health check. Options: defaults and any
    /// <c>Configure&lt;RedisWechatTokenOptions&gt;</c>, validated at start-up.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddRedis(this WechatTokenProviderBuilder builder) => Register(builder, connectionString: null);

    /// <summary>Adds the Redis tier (see <see cref="AddRedis(WechatTokenProviderBuilder)"/>) and configures its options in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options, e.g. <c>o =&gt; o.KeyPrefix = "shop:wechat"</c>.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddRedis(this WechatTokenProviderBuilder builder, Action<RedisWechatTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, connectionString: null);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the Redis tier (see <see cref="AddRedis(WechatTokenProviderBuilder)"/>) with options bound from a configuration section,
    /// usually <c>configuration.GetSection("Wechat:Redis")</c> (<see cref="RedisWechatTokenDefaults.SectionName"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="redisSection">The section holding <c>KeyPrefix</c>, <c>OperationTimeout</c>, ...</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddRedis(this WechatTokenProviderBuilder builder, IConfiguration redisSection)
    {
        ArgumentNullException.ThrowIfNull(redisSection);
        Register(builder, connectionString: null);
        builder.Services.AddOptions<RedisWechatTokenOptions>().Bind(redisSection);
        return builder;
    }

    /// <summary>
    /// Adds the Redis tier (see <see cref="AddRedis(WechatTokenProviderBuilder)"/>) with a connection of its own, made in the
    /// background from <paramref name="connectionString"/> (StackExchange.Redis configuration, e.g. <c>redis:6379,password=...</c>;
    /// read it from configuration) and retried until it succeeds; meanwhile calls are answered as during an outage.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The StackExchange.Redis configuration string.</param>
    /// <param name="configure">Changes the options; none when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddRedis(
        this WechatTokenProviderBuilder builder, string connectionString, Action<RedisWechatTokenOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Register(builder, connectionString);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    private static WechatTokenProviderBuilder Register(WechatTokenProviderBuilder builder, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RedisWechatTokenOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisWechatTokenOptions>>(RedisWechatTokenOptionsValidator.Instance));
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(RedisTierSlot) && !d.IsKeyedService);
        if (existing is not null)
        {
            if (connectionString is not null)
            {
                throw new InvalidOperationException(
                    "AddRedis was called more than once with a connection: one Redis tier per container. Pass the connection string once, "
                    + "or register an IConnectionMultiplexer and call AddRedis() without one.");
            }

            return builder;
        }

        // Created by the container (not given as an instance) so that the container disposes it, and the tiers with it.
        services.AddSingleton(_ => new RedisTierSlot(connectionString));
        builder.FollowSharedAppIdTelemetry<RedisWechatTokenOptions>(static o => o.IncludeAppIdInTelemetry = true);
        builder.UseSharedTier(TierName, static (sp, layer) => sp.GetRequiredService<RedisTierSlot>().Create(sp, layer));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            RedisWechatTokenDefaults.HealthCheckName,
            sp => new RedisTierHealthCheck(() => sp.GetRequiredService<RedisTierSlot>().GetTiers(sp)),
            failureStatus: null,
            tags: ["genauth", "wechat", "token-cache", "redis"]));
        return builder;
    }
}
