using GenAuth.Hexagonal;
using GenAuth.Hexagonal.Adapters.Wechat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds <see cref="WechatAccessTokenHandler"/> to an <see cref="HttpClient"/> that calls WeChat business APIs.</summary>
public static class WechatAccessTokenHttpClientBuilderExtensions
{
    /// <summary>
    /// Attaches the named app's access token (<c>?access_token=</c>) to every request to WeChat's API hosts over https
    /// and, when WeChat rejects it (40001, 40014, 42001), invalidates that token, fetches a new one and retries once.
    /// Requests to other hosts go out without the token. Needs <c>services.AddWechatTokenProvider()</c> with a source
    /// (<c>UseGenAuth</c> or <c>UseWechat</c>); add <c>AddCaching()</c> there so requests share one token.
    /// </summary>
    /// <param name="builder">The HttpClient builder, e.g. from <c>services.AddHttpClient("wechat-api", ...)</c>.</param>
    /// <param name="appName">The app's name in configuration (<c>Wechat:Apps:{appName}</c>).</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(this IHttpClientBuilder builder, string appName) =>
        builder.AddWechatAccessToken(appName, static _ => { });

    /// <summary>
    /// Attaches the named app's access token, with options for this client: <see cref="WechatAccessTokenHandlerOptions.AllowedHosts"/>
    /// (e.g. <c>o => o.AllowedHosts.Add("127.0.0.1")</c> for the emulator) and
    /// <see cref="WechatAccessTokenHandlerOptions.MaxReplayableRequestBytes"/>. See <see cref="AddWechatAccessToken(IHttpClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The HttpClient builder.</param>
    /// <param name="appName">The app's name in configuration (<c>Wechat:Apps:{appName}</c>).</param>
    /// <param name="configure">Sets this client's <see cref="WechatAccessTokenHandlerOptions"/>.</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(
        this IHttpClientBuilder builder, string appName, Action<WechatAccessTokenHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        builder.Services.AddOptions<WechatAccessTokenHandlerOptions>(name).Configure(configure);
        return builder.AddHttpMessageHandler(sp => new WechatAccessTokenHandler(
            GetProvider(sp), sp.GetRequiredService<IWechatAppCatalog>(), appName,
            sp.GetService<IWechatTokenInvalidator>(), sp.GetService<ILogger<WechatAccessTokenHandler>>(), HandlerOptions(sp, name)));
    }

    /// <summary>
    /// Attaches the access token of the app identified by <paramref name="credentials"/> (for multi-tenant code that
    /// holds secrets itself). See <see cref="AddWechatAccessToken(IHttpClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The HttpClient builder.</param>
    /// <param name="credentials">The app id and secret.</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(this IHttpClientBuilder builder, WechatAppCredentials credentials) =>
        builder.AddWechatAccessToken(credentials, static _ => { });

    /// <summary>
    /// Attaches the access token of the app identified by <paramref name="credentials"/>, with options for this client.
    /// See <see cref="AddWechatAccessToken(IHttpClientBuilder, string, Action{WechatAccessTokenHandlerOptions})"/>.
    /// </summary>
    /// <param name="builder">The HttpClient builder.</param>
    /// <param name="credentials">The app id and secret.</param>
    /// <param name="configure">Sets this client's <see cref="WechatAccessTokenHandlerOptions"/>.</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(
        this IHttpClientBuilder builder, WechatAppCredentials credentials, Action<WechatAccessTokenHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        builder.Services.AddOptions<WechatAccessTokenHandlerOptions>(name).Configure(configure);
        return builder.AddHttpMessageHandler(sp => new WechatAccessTokenHandler(
            GetProvider(sp), credentials,
            sp.GetService<IWechatTokenInvalidator>(), sp.GetService<ILogger<WechatAccessTokenHandler>>(), HandlerOptions(sp, name)));
    }

    private static WechatAccessTokenHandlerOptions HandlerOptions(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<WechatAccessTokenHandlerOptions>>().Get(name);

    private static IWechatTokenProvider GetProvider(IServiceProvider services) =>
        services.GetService<IWechatTokenProvider>()
        ?? throw new InvalidOperationException(
            "AddWechatAccessToken needs an IWechatTokenProvider: call services.AddWechatTokenProvider().UseGenAuth(...) or .UseWechat(...), and .AddCaching().");
}
