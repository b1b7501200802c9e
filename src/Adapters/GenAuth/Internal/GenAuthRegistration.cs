using GenAuth.Hexagonal.Adapters.GenAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <summary>The longest delay honoured from a <c>Retry-After</c> header.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

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

            // Validated at start-up only when an app uses GenAuth (see AddSource<TOptions>).
            services.AddOptions<GenAuthOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenAuthOptions>, GenAuthOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new GenAuthManagementTokenCache(
                () => sp.GetRequiredService<IGenAuthManagementApi>(),
                sp.GetRequiredService<IOptions<GenAuthOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                Logger<GenAuthManagementTokenCache>(sp)));
            services.TryAddTransient<GenAuthSigningHandler>();
            services.TryAddTransient<GenAuthManagementTokenHandler>();
            services.TryAddTransient<GenAuthCommonHeadersHandler>();

            var settings = new RefitSettings(new SystemTextJsonContentSerializer(GenAuthJsonContext.Default.Options));

            // Order matters: the resilience handler is outermost, the authentication handler inside it, so that every
            // attempt is signed (or authenticated) afresh: new nonce, new date.
            services.AddRefitGeneratedClient<IGenAuthApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.HttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler(sp =>
                    sp.GetRequiredService<IOptions<GenAuthOptions>>().Value.Auth == GenAuthAuthentication.ManagementToken
                        ? sp.GetRequiredService<GenAuthManagementTokenHandler>()
                        : sp.GetRequiredService<GenAuthSigningHandler>());

            services.AddRefitGeneratedClient<IGenAuthManagementApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.ManagementTokenHttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler<GenAuthCommonHeadersHandler>();
        }

        builder.AddSource<GenAuthOptions>(SourceName, sp =>
        {
            var options = sp.GetRequiredService<IOptions<GenAuthOptions>>();
            return new GenAuthWechatTokenProvider(
                () => sp.GetRequiredService<IGenAuthApi>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                Logger<GenAuthWechatTokenProvider>(sp),
                options.Value.Auth == GenAuthAuthentication.ManagementToken ? sp.GetRequiredService<GenAuthManagementTokenCache>() : null);
        });
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<GenAuthOptions>>().Value;
        client.BaseAddress = options.GetEffectiveHost();

        // A backstop above the resilience pipeline: every attempt, plus the longest delays between them.
        client.Timeout = (options.Timeout * (options.MaxRetryAttempts + 1)) + (MaxRetryDelay * options.MaxRetryAttempts) + TimeSpan.FromSeconds(5);
    }

    private static IHttpClientBuilder AddGenAuthResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("genauth", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GenAuthOptions>>().Value;

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
                    MaxDelay = MaxRetryDelay,
                });
            }

            pipeline.AddTimeout(options.Timeout);
        });
        return builder;
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
