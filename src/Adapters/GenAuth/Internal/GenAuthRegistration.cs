using GenAuth.Hexagonal.Adapters.GenAuth;
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
            services.TryAddTransient<GenAuthTransportScrubbingHandler>();

            var settings = new RefitSettings(new SystemTextJsonContentSerializer(GenAuthJsonContext.Default.Options));

            // Order matters: the resilience handler is outermost, the authentication handler inside it, so that every
            // attempt is signed (or authenticated) afresh: new nonce, new date. Both clients carry secrets.
            services.AddRefitGeneratedClient<IGenAuthApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.HttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler(sp =>
                    sp.GetRequiredService<IOptions<GenAuthOptions>>().Value.Auth == GenAuthAuthentication.ManagementToken
                        ? sp.GetRequiredService<GenAuthManagementTokenHandler>()
                        : sp.GetRequiredService<GenAuthSigningHandler>())
                .CarriesSecrets();

            services.AddRefitGeneratedClient<IGenAuthManagementApi>(GenAuthJsonContext.Default, _ => settings, GenAuthDefaults.ManagementTokenHttpClientName)
                .ConfigureHttpClient(ConfigureClient)
                .AddGenAuthResilience()
                .AddHttpMessageHandler<GenAuthCommonHeadersHandler>()
                .CarriesSecrets();
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

        // A backstop above the fetch budget, which the provider enforces (every attempt and delay included).
        client.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
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
                    MaxDelay = GenAuthDefaults.MaxRetryAfter,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = static args => ValueTask.FromResult(GenAuthErrors.RetryAfterOf(args.Outcome.Result)),
                });
            }

            pipeline.AddTimeout(options.Timeout);
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

    /// <summary>
    /// What every client that carries a secret gets: no automatic redirects (a 3xx would re-send the body, secrets
    /// included, or hand back another host's token), none of IHttpClientFactory's logging (it records raw exception text
    /// and, at Trace, the request headers), and the scrubbing handler innermost.
    /// </summary>
    private static IHttpClientBuilder CarriesSecrets(this IHttpClientBuilder builder)
    {
        builder.AddHttpMessageHandler<GenAuthTransportScrubbingHandler>();
        builder.RemoveAllLoggers();

        // On the primary handler the application supplies too (ConfigureHttpClientDefaults, a proxy): this runs after
        // the defaults, and the post-configuration below after anything configured for this client later.
        builder.ConfigurePrimaryHttpMessageHandler(static (handler, _) => NoAutomaticRedirects(handler));
        builder.Services.PostConfigure<HttpClientFactoryOptions>(
            builder.Name, static o => o.HttpMessageHandlerBuilderActions.Add(static b => NoAutomaticRedirects(b.PrimaryHandler)));
        return builder;
    }

    private static void NoAutomaticRedirects(HttpMessageHandler? handler)
    {
        for (var depth = 0; handler is not null && depth < 16; depth++)
        {
            switch (handler)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    return;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    return;
                case DelegatingHandler delegating:
                    handler = delegating.InnerHandler;
                    break;
                default:
                    return;
            }
        }
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
