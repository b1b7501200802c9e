namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// <see cref="IWechatAppTokenProvider"/>: looks the name up in the current apps (no allocation) and calls the app's chain
/// with its credentials, built once per configuration change.
/// </summary>
internal sealed class WechatAppTokenProvider(WechatAppDirectory directory, WechatTokenChains chains) : IWechatAppTokenProvider
{
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(string appName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appName);
        var apps = directory.Current;
        return apps.TryGet(appName, out var app)
            ? app.GetChain(chains).GetAccessTokenAsync(app.Credentials, cancellationToken)
            : ValueTask.FromException<WechatAccessToken>(UnknownApp(appName, apps));
    }

    private static WechatTokenException UnknownApp(string appName, WechatAppSnapshot apps) =>
        new(
            $"No WeChat app named '{appName}' is configured (configured: {(apps.Names.Count == 0 ? "none" : string.Join(", ", apps.Names))}). "
            + $"Add {WechatTokenProviderDefaults.WechatSectionName}:Apps:{appName}:AppId and :AppSecret to configuration, or fix the name.",
            WechatTokenSource.Unknown,
            WechatTokenErrorKind.Configuration,
            isTransient: false);
}
