using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// What every named HttpClient that carries a secret gets, in both source adapters (compiled into each, as shipped packages
/// share no internals): no automatic redirects (a 3xx would re-send the body, secrets included, or hand back another host's
/// token), none of IHttpClientFactory's logging (it records raw exception text and URIs, which may hold a secret), and the
/// adapter's scrubbing handler innermost, so that what the primary handler throws is scrubbed before anyone sees it.
/// </summary>
internal static class SecretCarryingClients
{
    /// <summary>Applies the rules to <paramref name="builder"/>; <paramref name="addScrubbingHandler"/> adds the adapter's scrubber.</summary>
    public static IHttpClientBuilder CarriesSecrets(this IHttpClientBuilder builder, Action<IHttpClientBuilder> addScrubbingHandler)
    {
        addScrubbingHandler(builder);
        builder.RemoveAllLoggers();

        // On the primary handler the application supplies too (ConfigureHttpClientDefaults, a proxy): this runs after the
        // defaults, and the post-configuration below after anything configured for this client later.
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
}
