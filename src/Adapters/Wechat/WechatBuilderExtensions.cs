using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.Adapters.Wechat.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace GenAuth.Hexagonal;

/// <summary>Uses WeChat's own API (<c>stable_token</c>) as the token source.</summary>
public static class WechatBuilderExtensions
{
    /// <summary>The source name used in logs and metrics: <c>Wechat</c>.</summary>
    public const string SourceName = "Wechat";

    /// <summary>The number of HTTP-level retries for <c>POST /cgi-bin/stable_token</c> (connection failures, 408, 429, 5xx).</summary>
    public const int StableTokenMaxRetryAttempts = 2;

    /// <summary>
    /// Gets tokens straight from WeChat with <c>POST /cgi-bin/stable_token</c> (<c>force_refresh: false</c>) and the
    /// default options. Each appId must have exactly one token owner: do not use this beside GenAuth for the same app
    /// when GenAuth uses <c>/cgi-bin/token</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder UseWechat(this WechatTokenProviderBuilder builder) => builder.UseWechat(static _ => { });

    /// <summary>Gets tokens straight from WeChat, configured in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="WechatApiOptions"/> (host, endpoint, timeout).</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder UseWechat(this WechatTokenProviderBuilder builder, Action<WechatApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder, null);
        builder.Services.AddOptions<WechatApiOptions>().Configure(configure);
        return builder;
    }

    /// <summary>
    /// Gets tokens straight from WeChat, configured from <paramref name="wechatSection"/> (usually
    /// <c>configuration.GetSection("Wechat")</c>, keys <c>Host</c>, <c>Endpoint</c>, <c>Timeout</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="wechatSection">The configuration section.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder UseWechat(this WechatTokenProviderBuilder builder, IConfiguration wechatSection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(wechatSection);
        Register(builder, (wechatSection as IConfigurationSection)?.Path);
        builder.Services.AddOptions<WechatApiOptions>().Bind(wechatSection);
        return builder;
    }

    private static void Register(WechatTokenProviderBuilder builder, string? sectionPath)
    {
        var services = builder.Services;
        var registration = services
            .Where(d => d.ServiceType == typeof(WechatApiRegistration) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance)
            .OfType<WechatApiRegistration>()
            .FirstOrDefault();
        if (registration is null)
        {
            registration = new WechatApiRegistration();
            services.AddSingleton(registration);
            services.TryAddSingleton(TimeProvider.System);
            // Validated at start-up only when an app uses the WeChat source (see AddSource<TOptions>).
            services.AddOptions<WechatApiOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WechatApiOptions>, WechatApiOptionsValidator>());

            // stable_token: a few jittered retries on connection failures, 408, 429 and 5xx, and a per-attempt timeout.
            services.AddHttpClient(WechatApiDefaults.StableTokenHttpClientName)
                .AddResilienceHandler(WechatApiDefaults.StableTokenHttpClientName, static (pipeline, context) =>
                {
                    var options = context.ServiceProvider.GetRequiredService<IOptions<WechatApiOptions>>().Value;

                    // Network waits are real: retry delays and attempt timeouts never run on an application's fake clock.
                    pipeline.TimeProvider = TimeProvider.System;
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = StableTokenMaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                    });
                    pipeline.AddTimeout(options.Timeout / 2);
                });

            // /cgi-bin/token: never retried (each call rotates the token) and never logged (the secret is in the query).
            services.AddHttpClient(WechatApiDefaults.TokenHttpClientName).RemoveAllLoggers();
        }

        registration.Bind(sectionPath);
        builder.AddSource<WechatApiOptions>(SourceName, static sp => new WechatApiTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<WechatApiOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<WechatApiTokenProvider>>()));
    }
}
