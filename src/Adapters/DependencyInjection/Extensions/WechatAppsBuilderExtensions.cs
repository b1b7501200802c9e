using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal;

/// <summary>Adds named apps to the <see cref="IWechatAppCatalog"/>.</summary>
public static class WechatAppsBuilderExtensions
{
    /// <summary>
    /// Binds named apps from a configuration section holding <c>Apps:{name}:AppId</c>, <c>Apps:{name}:AppSecret</c> and
    /// optionally <c>Apps:{name}:Source</c> and <c>DefaultSource</c>. Reloads of the section are followed: the next fetch
    /// uses a rotated secret, and an invalid reload is logged and ignored.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="wechatSection">Usually <c>configuration.GetSection("Wechat")</c>.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddApps(this WechatTokenProviderBuilder builder, IConfiguration wechatSection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(wechatSection);
        builder.Services.AddOptions<WechatAppsOptions>().Bind(wechatSection);
        return builder;
    }

    /// <summary>Adds one named app in code. Read the secret from configuration, never from a literal.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="appName">The name code asks for, e.g. <c>"mini"</c>.</param>
    /// <param name="configure">Sets the app id and secret.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder AddApp(
        this WechatTokenProviderBuilder builder, string appName, Action<WechatAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<WechatAppsOptions>().Configure(o =>
        {
            if (!o.Apps.TryGetValue(appName, out var app))
            {
                app = new WechatAppOptions();
                o.Apps[appName] = app;
            }

            configure(app);
        });
        return builder;
    }
}
