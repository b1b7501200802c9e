using GenAuth.Hexagonal;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GenAuth.Hexagonal's <see cref="IWechatTokenProvider"/>.</summary>
public static class WechatTokenProviderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWechatTokenProvider"/>, <see cref="IWechatAppTokenProvider"/> (a token by app name),
    /// <see cref="IWechatAppCatalog"/> and, once a cache or tier holds tokens, <see cref="IWechatTokenInvalidator"/>, and returns a builder to add the sources
    /// (<c>UseGenAuth</c>, <c>UseWechat</c>), a shared tier and the in-process cache (<c>AddCaching</c>). Calling it again
    /// returns a builder over the same registration.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddWechatTokenProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var composition = services
            .Where(d => d.ServiceType == typeof(WechatTokenProviderComposition) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance)
            .OfType<WechatTokenProviderComposition>()
            .FirstOrDefault();
        if (composition is null)
        {
            composition = new WechatTokenProviderComposition();
            services.AddSingleton(composition);
            services.TryAddSingleton(TimeProvider.System);

            // Not ValidateOnStart: that creates an IOptionsMonitor, which throws on the configuration's reload thread when a
            // reload is invalid. The apps are followed by LastValidOptionsMonitor and checked at start-up by the composition.
            services.AddOptions<WechatAppsOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WechatAppsOptions>, WechatAppsOptionsValidator>());
            services.TryAddSingleton<LastValidOptionsMonitor<WechatAppsOptions>>();
            services.TryAddSingleton<WechatAppDirectory>();
            services.TryAddSingleton<IWechatAppCatalog>(sp => sp.GetRequiredService<WechatAppDirectory>());

            services.TryAddSingleton<WechatTokenChains>();
            services.TryAddSingleton<WechatTokenRouter>();
            services.TryAddSingleton<IWechatTokenProvider>(sp => Top(sp, composition));
            // Only where something holds tokens (a cache or a tier): without one, a rejected token has nowhere to be dropped.
            services.TryAddSingleton<IWechatTokenInvalidator>(sp => composition.Cache is null && composition.Tier is null
                ? null!
                : sp.GetRequiredService<IWechatTokenProvider>() as IWechatTokenInvalidator ?? sp.GetRequiredService<WechatTokenRouter>());
            services.TryAddSingleton<IWechatAppTokenProvider, WechatAppTokenProvider>();

            services.AddOptions<WechatTokenProviderCompositionCheck>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<
                IValidateOptions<WechatTokenProviderCompositionCheck>, WechatTokenProviderCompositionValidator>());
        }

        return new WechatTokenProviderBuilder(services, composition);
    }

    /// <summary>
    /// Registers the provider and binds named apps from <paramref name="wechatSection"/> (usually
    /// <c>configuration.GetSection("Wechat")</c>, holding <c>Apps:{name}:AppId</c>, <c>Apps:{name}:AppSecret</c>, optionally
    /// <c>Apps:{name}:Source</c> and <c>DefaultSource</c>). Reloads of the section are followed.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="wechatSection">The configuration section with the <c>Apps</c> key.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddWechatTokenProvider(this IServiceCollection services, IConfiguration wechatSection)
    {
        ArgumentNullException.ThrowIfNull(wechatSection);
        return services.AddWechatTokenProvider().AddApps(wechatSection);
    }

    /// <summary>One source: its chain itself, with nothing in between. More: the router, by app id.</summary>
    private static IWechatTokenProvider Top(IServiceProvider services, WechatTokenProviderComposition composition)
    {
        var sources = composition.SourceNames;
        return sources.Count == 1
            ? services.GetRequiredService<WechatTokenChains>().Get(sources[0])
            : sources.Count == 0
                ? throw new InvalidOperationException(WechatTokenProviderComposition.MissingSourceMessage)
                : services.GetRequiredService<WechatTokenRouter>();
    }
}
