using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.Adapters.Wechat.Internal;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
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
    /// <param name="configure">Sets <see cref="WechatApiOptions"/> (host, endpoint, timeouts).</param>
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
    /// <c>configuration.GetSection("Wechat")</c>, keys <c>Host</c>, <c>Endpoint</c>, <c>Timeout</c>, <c>TotalTimeout</c>,
    /// <c>IncludeAppIdInTelemetry</c>). Reloads of the section are followed by the next fetch, except <c>Endpoint</c> (a restart);
    /// an invalid reload is logged and ignored.
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
            builder.FollowSharedAppIdTelemetry<WechatApiOptions>(static o => o.IncludeAppIdInTelemetry = true);
            services.TryAddSingleton(TimeProvider.System);
            // Validated at start-up only when an app uses the WeChat source (see AddSource<TOptions>). At run time the options
            // are read through LastValidOptionsMonitor: reloads are followed (host, timeouts), an invalid reload is logged
            // and the last valid values stay (not IOptionsMonitor, which throws on the reload thread for invalid values).
            services.AddOptions<WechatApiOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WechatApiOptions>, WechatApiOptionsValidator>());
            services.TryAddSingleton<LastValidOptionsMonitor<WechatApiOptions>>();

            // stable_token: a few jittered retries on connection failures, 408, 429 and 5xx, and a per-attempt timeout,
            // all inside the provider's fetch budget (Wechat:TotalTimeout).
            var stableToken = services.AddHttpClient(WechatApiDefaults.StableTokenHttpClientName);
            stableToken.AddResilienceHandler(WechatApiDefaults.StableTokenHttpClientName, static (pipeline, _) =>
            {
                // Network waits are real: retry delays and attempt timeouts never run on an application's fake clock.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = StableTokenMaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = WechatApiDefaults.MaxRetryAfter,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = static args => ValueTask.FromResult(WechatAnswer.RetryAfterOf(args.Outcome.Result)),
                });

                // Each attempt gets the whole Wechat:Timeout of its fetch (read per attempt: it follows reloads); only the budget
                // can cut the last one short.
                pipeline.AddTimeout(AttemptTimeout());
            });
            stableToken.CarriesSecrets(static b => b.AddHttpMessageHandler(static () => new WechatTransportScrubbingHandler()));

            // /cgi-bin/token: one attempt with Wechat:Timeout, never retried (each call rotates the token) and never
            // logged (the secret is in the query).
            var token = services.AddHttpClient(WechatApiDefaults.TokenHttpClientName);
            token.AddResilienceHandler(WechatApiDefaults.TokenHttpClientName, static (pipeline, _) =>
            {
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(AttemptTimeout());
            });
            token.CarriesSecrets(static b => b.AddHttpMessageHandler(static () => new WechatTransportScrubbingHandler()));
        }

        registration.Bind(sectionPath);
        builder.AddSource<WechatApiOptions>(SourceName, static sp =>
        {
            var options = sp.GetRequiredService<LastValidOptionsMonitor<WechatApiOptions>>();
            var logger = sp.GetService<ILogger<WechatApiTokenProvider>>();
            var endpoint = options.CurrentValue.Endpoint;
            if (logger is not null)
            {
                options.OnChange(next =>
                {
                    if (next.Endpoint != endpoint)
                    {
                        Log.RestartNeeded(logger, $"{sp.GetRequiredService<WechatApiRegistration>().SectionPath}:Endpoint");
                    }
                });
            }

            return new WechatApiTokenProvider(
                sp.GetRequiredService<IHttpClientFactory>(),
                () => options.CurrentValue,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                logger,
                sp.GetService<IMeterFactory>());
        });
    }

    /// <summary>The per-attempt timeout of the fetch the attempt belongs to (<see cref="WechatApiOptions.Timeout"/> when it started).</summary>
    private static HttpTimeoutStrategyOptions AttemptTimeout() => new()
    {
        TimeoutGenerator = static args => ValueTask.FromResult(
            WechatCall.Of(args.Context.GetRequestMessage())?.Timeout ?? WechatApiDefaults.DefaultTimeout),
    };

    /// <summary>
    /// Transient failures are retried, except an answer whose <c>Retry-After</c> asks for longer than 30 s or than what is
    /// left of the fetch budget: that answer ends the fetch at once and reaches the caller as its HTTP error.
    /// </summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        if (WechatAnswer.RetryAfterOf(outcome.Result) is not { } wait)
        {
            return true;
        }

        var remaining = WechatCall.Of(context.GetRequestMessage())?.Remaining ?? WechatApiDefaults.MaxRetryAfter;
        return wait <= WechatApiDefaults.MaxRetryAfter && wait < remaining;
    }
}
