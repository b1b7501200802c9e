namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The <see cref="IWechatTokenProvider"/> when more than one source is registered: sends each call to the chain of the app's
/// source (by app id; credentials built in code go to the default source). Invalidation goes to every chain built so far:
/// compare-and-remove leaves chains that do not hold the rejected token alone, and a reload that moved the app to another
/// source cannot strand the rejected token in the old chain.
/// </summary>
internal sealed class WechatTokenRouter(WechatAppDirectory directory, WechatTokenChains chains) : IWechatTokenProvider, IWechatTokenInvalidator
{
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return chains.Get(directory.Current.SourceFor(credentials.AppId)).GetAccessTokenAsync(credentials, cancellationToken);
    }

    public async ValueTask InvalidateAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        foreach (var chain in chains.Built)
        {
            if (chain is IWechatTokenInvalidator invalidator)
            {
                await invalidator.InvalidateAsync(credentials, rejected, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
