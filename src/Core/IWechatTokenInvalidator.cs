namespace GenAuth.Hexagonal;

/// <summary>
/// Implemented by whatever holds tokens (the caching decorator). Used when WeChat rejects a token
/// (errcode 40001, 40014 or 42001).
/// </summary>
public interface IWechatTokenInvalidator
{
    /// <summary>
    /// Drops the held token for <paramref name="credentials"/>, but only if it is still
    /// <paramref name="rejected"/> (compare-and-remove): a newer token is left alone.
    /// </summary>
    /// <param name="credentials">The app whose token was rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>A task that completes when the entry has been dropped or left alone.</returns>
    ValueTask InvalidateAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default);
}
