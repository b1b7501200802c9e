using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Registers the GenAuth adapter once per service collection and selects it as the token source.</summary>
internal static class GenAuthRegistration
{
    /// <summary>The source name used in configuration (<c>Wechat:Apps:{name}:Source</c>), logs and metrics.</summary>
    public const string SourceName = "GenAuth";

    public static void Register(WechatTokenProviderBuilder builder, string? sectionPath)
    {
        var services = builder.Services;
        var marker = services
            .Where(d => d.ServiceType == typeof(GenAuthRegistrationMarker) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance)
            .OfType<GenAuthRegistrationMarker>()
            .FirstOrDefault();
        if (marker is not null)
        {
            marker.Bind(sectionPath);
        }
        else
        {
            marker = new GenAuthRegistrationMarker();
            marker.Bind(sectionPath);
            services.AddSingleton(marker);

            // Validated at start-up only when an app uses GenAuth (see AddSource<TOptions>). At run time the options are read
            // through LastValidOptionsMonitor: reloads are followed, an invalid reload is logged and the last valid values
            // stay. Not IOptionsMonitor (it throws on the configuration's reload thread when a reload is invalid) and not
            // ValidateOnStart (which creates one).
            services.AddOptions<GenAuthOptions>();
            builder.FollowSharedAppIdTelemetry<GenAuthOptions>(static o => o.IncludeAppIdInTelemetry = true);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenAuthOptions>, GenAuthOptionsValidator>());
            services.TryAddSingleton<LastValidOptionsMonitor<GenAuthOptions>>();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new GenAuthManagementTokenCache(
                () => sp.GetRequiredService<IGenAuthManagementApi>(),
                sp.GetRequiredService<TimeProvider>(),
                Logger<GenAuthManagementTokenCache>(sp),
                sp.GetService<IMeterFactory>()));
            services.TryAddTransient<GenAuthAuthenticationHandler>();
            services.TryAddTransient<GenAuthCommonHeadersHandler>();
            services.TryAddTransient<GenAuthTransportScrubbingHandler>();

            var settings = new RefitSettings(new SystemTextJsonContentSerializer(GenAuthJsonContext.Default.Options));

            // Order matters: the resilience handler is outermost, the authentication handler inside it, so that every
            // attempt is signed (or authenticated) afresh: new nonce, new date. Both clients carry secrets.
            services.AddRefitGeneratedClient<IGenAuthApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.HttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler<GenAuthAuthenticationHandler>()
                .CarriesSecrets(static b => b.AddHttpMessageHandler<GenAuthTransportScrubbingHandler>());

            services.AddRefitGeneratedClient<IGenAuthManagementApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.ManagementTokenHttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler<GenAuthCommonHeadersHandler>()
                .CarriesSecrets(static b => b.AddHttpMessageHandler<GenAuthTransportScrubbingHandler>());
        }

        builder.AddSource<GenAuthOptions>(SourceName, static sp =>
        {
            var options = sp.GetRequiredService<LastValidOptionsMonitor<GenAuthOptions>>();
            WatchRestartOnlyOptions(options, Logger<GenAuthWechatTokenProvider>(sp));
            return new GenAuthWechatTokenProvider(
                () => sp.GetRequiredService<IGenAuthApi>(),
                () => options.CurrentValue,
                sp.GetRequiredService<TimeProvider>(),
                Logger<GenAuthWechatTokenProvider>(sp),
                sp.GetRequiredService<GenAuthManagementTokenCache>(),
                sp.GetService<IMeterFactory>());
        });
    }

    /// <summary>Warns when a reload changes an option that only a restart applies (the retry pipeline is built once).</summary>
    private static void WatchRestartOnlyOptions(LastValidOptionsMonitor<GenAuthOptions> monitor, ILogger logger)
    {
        var (attempts, delay) = (monitor.CurrentValue.MaxRetryAttempts, monitor.CurrentValue.RetryDelay);
        monitor.OnChange(next =>
        {
            var changed = new List<string>(2);
            if (next.MaxRetryAttempts != attempts)
            {
                changed.Add($"{GenAuthDefaults.SectionName}:MaxRetryAttempts");
            }

            if (next.RetryDelay != delay)
            {
                changed.Add($"{GenAuthDefaults.SectionName}:RetryDelay");
            }

            if (changed.Count > 0)
            {
                Log.RestartNeeded(logger, string.Join(" and ", changed));
            }
        });
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        // Run for each client created, so once per fetch: the host follows configuration reloads.
        var options = services.GetRequiredService<LastValidOptionsMonitor<GenAuthOptions>>().CurrentValue;
        client.BaseAddress = options.GetEffectiveHost();

        // A backstop above the fetch budget, which the provider enforces (every attempt and delay included).
        client.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
    }

    private static IHttpClientBuilder AddGenAuthResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("genauth", static (pipeline, context) =>
        {
            var monitor = context.ServiceProvider.GetRequiredService<LastValidOptionsMonitor<GenAuthOptions>>();
            var options = monitor.CurrentValue;

            // Retry delays and per-attempt timeouts are about the network, which runs on real time: an application
            // that registers a fake TimeProvider for its own tests must not see HTTP calls hang on a frozen clock.
            pipeline.TimeProvider = TimeProvider.System;
            if (options.MaxRetryAttempts > 0)
            {
                // GenAuth's token POSTs are safe to repeat: the server caches the WeChat token.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    MaxDelay = GenAuthDefaults.MaxRetryAfter,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = static args => ValueTask.FromResult(GenAuthErrors.RetryAfterOf(args.Outcome.Result)),
                });
            }

            // The attempt timeout is read per attempt, from the fetch's own options: it follows reloads.
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(
                    (GenAuthCall.Of(args.Context.GetRequestMessage())?.Options ?? monitor.CurrentValue).Timeout),
            });
        });
        return builder;
    }

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

        if (GenAuthErrors.RetryAfterOf(outcome.Result) is not { } wait)
        {
            return true;
        }

        var remaining = GenAuthCall.Of(context.GetRequestMessage())?.Remaining ?? GenAuthDefaults.MaxRetryAfter;
        return wait <= GenAuthDefaults.MaxRetryAfter && wait < remaining;
    }


    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
