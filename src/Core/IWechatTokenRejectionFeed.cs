namespace GenAuth.Hexagonal;

/// <summary>
/// Implemented by a shared tier (such as the Redis tier) that learns when another instance saw WeChat reject a token. An
/// in-process cache above it subscribes and drops exactly that token locally, without telling the tier again.
/// </summary>
public interface IWechatTokenRejectionFeed
{
    /// <summary>Registers <paramref name="listener"/>, called once per rejection reported by another instance.</summary>
    /// <param name="listener">Drops the token locally; must not block and must not call back into the tier.</param>
    /// <returns>A registration that stops the calls when disposed.</returns>
    IDisposable Subscribe(Action<WechatTokenRejection> listener);
}
