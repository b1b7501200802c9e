namespace GenAuth.Hexagonal;

/// <summary>
/// Gets the access token of an app configured by name (<c>Wechat:Apps:{name}</c>): the common case in one call. Multi-tenant
/// code that holds secrets itself uses <see cref="IWechatTokenProvider"/> with its own <see cref="WechatAppCredentials"/>.
/// </summary>
public interface IWechatAppTokenProvider
{
    /// <summary>Gets the named app's token, from the cache when one is held.</summary>
    /// <param name="appName">The app's name in configuration, e.g. <c>"mini"</c> (case-insensitive).</param>
    /// <param name="cancellationToken">Ends this caller's wait.</param>
    /// <returns>The token.</returns>
    /// <exception cref="WechatTokenException">
    /// No app of that name is configured (<see cref="WechatTokenErrorKind.Configuration"/>; the message names the keys to set),
    /// or the fetch failed.
    /// </exception>
    ValueTask<WechatAccessToken> GetAccessTokenAsync(string appName, CancellationToken cancellationToken = default);
}
