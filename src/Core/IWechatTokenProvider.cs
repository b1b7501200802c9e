namespace GenAuth.Hexagonal;

/// <summary>
/// The port: hands out a WeChat Mini Program / Official Account access token for an app.
/// </summary>
/// <remarks>
/// Implementations fetch the token from GenAuth, from WeChat directly, or serve it from a cache.
/// Failures surface as <see cref="WechatTokenException"/>; the caller's own cancellation surfaces as
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IWechatTokenProvider
{
    /// <summary>Gets an access token for the app identified by <paramref name="credentials"/>.</summary>
    /// <param name="credentials">The app id and app secret.</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>The access token and its absolute expiry.</returns>
    /// <exception cref="WechatTokenException">The token could not be obtained.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default);
}
