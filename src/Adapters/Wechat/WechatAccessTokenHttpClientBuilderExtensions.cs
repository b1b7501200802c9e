using GenAuth.Hexagonal;
using GenAuth.Hexagonal.Adapters.Wechat;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds <see cref="WechatAccessTokenHandler"/> to an <see cref="HttpClient"/> that calls WeChat business APIs.</summary>
public static class WechatAccessTokenHttpClientBuilderExtensions
{
    /// <summary>
    /// Attaches the named app's access token to every request (<c>?access_token=</c>) and, when WeChat rejects it
    /// (40001, 40014, 42001), invalidates that token, fetches a new one and retries once.
    /// Needs <c>services.AddWechatTokenProvider()</c> with a source (<c>UseGenAuth</c> or <c>UseWechat</c>); add
    /// <c>AddCaching()</c> there so requests share one token.
    /// </summary>
    /// <param name="builder">The HttpClient builder, e.g. from <c>services.AddHttpClient("wechat-api", ...)</c>.</param>
    /// <param name="appName">The app's name in configuration (<c>Wechat:Apps:{appName}</c>).</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(this IHttpClientBuilder builder, string appName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        return builder.AddHttpMessageHandler(sp => new WechatAccessTokenHandler(
            GetProvider(sp), sp.GetRequiredService<IWechatAppCatalog>(), appName,
            sp.GetService<IWechatTokenInvalidator>(), sp.GetService<ILogger<WechatAccessTokenHandler>>()));
    }

    /// <summary>
    /// Attaches the access token of the app identified by <paramref name="credentials"/> (for multi-tenant code that
    /// holds secrets itself). See <see cref="AddWechatAccessToken(IHttpClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The HttpClient builder.</param>
    /// <param name="credentials">The app id and secret.</param>
    /// <returns>The HttpClient builder.</returns>
    public static IHttpClientBuilder AddWechatAccessToken(this IHttpClientBuilder builder, WechatAppCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(credentials);
        return builder.AddHttpMessageHandler(sp => new WechatAccessTokenHandler(
            GetProvider(sp), credentials,
            sp.GetService<IWechatTokenInvalidator>(), sp.GetService<ILogger<WechatAccessTokenHandler>>()));
    }

    private static IWechatTokenProvider GetProvider(IServiceProvider services) =>
        services.GetService<IWechatTokenProvider>()
        ?? throw new InvalidOperationException(
            "AddWechatAccessToken needs an IWechatTokenProvider: call services.AddWechatTokenProvider().UseGenAuth(...) or .UseWechat(...), and .AddCaching().");
}
