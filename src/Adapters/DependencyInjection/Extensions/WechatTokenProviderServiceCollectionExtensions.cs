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
    /// Registers <see cref="IWechatTokenProvider"/> and <see cref="IWechatAppCatalog"/>, and returns a
    /// builder to choose the source (<c>UseGenAuth</c>, <c>UseWechat</c>) and decorators (<c>AddCaching</c>).
    /// Calling it again returns a builder over the same registration.
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
            services.TryAddSingleton<IWechatTokenProvider>(sp => composition.Build(sp));

            services.AddOptions<WechatAppsOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WechatAppsOptions>, WechatAppsOptionsValidator>());
            services.TryAddSingleton<IWechatAppCatalog>(sp => new WechatAppCatalog(
                sp.GetRequiredService<IOptions<WechatAppsOptions>>().Value.Apps
                    .Select(a => KeyValuePair.Create(a.Key, new WechatAppCredentials(a.Value.AppId!, a.Value.AppSecret!)))));

            services.AddOptions<WechatTokenProviderCompositionCheck>()
                .Validate(_ => composition.SourceFactory is not null, WechatTokenProviderComposition.MissingSourceMessage)
                .ValidateOnStart();
        }

        return new WechatTokenProviderBuilder(services, composition);
    }

    /// <summary>
    /// Registers the provider and binds named apps from <paramref name="wechatSection"/>
    /// (usually <c>configuration.GetSection("Wechat")</c>, holding <c>Apps:{name}:AppId</c> and <c>Apps:{name}:AppSecret</c>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="wechatSection">The configuration section with the <c>Apps</c> key.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddWechatTokenProvider(this IServiceCollection services, IConfiguration wechatSection)
    {
        ArgumentNullException.ThrowIfNull(wechatSection);
        return services.AddWechatTokenProvider().AddApps(wechatSection);
    }
}
