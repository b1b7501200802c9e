namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// Options of <see cref="WechatApiTokenProvider"/>, usually bound from the <c>Wechat</c> configuration section.
/// Validated at start-up.
/// </summary>
public sealed class WechatApiOptions
{
    /// <summary>
    /// WeChat's API host (<c>Wechat:Host</c>). Default <c>https://api.weixin.qq.com/</c>; WeChat also serves
    /// <c>https://api2.weixin.qq.com/</c>, <c>https://sh.api.weixin.qq.com/</c>, <c>https://sz.api.weixin.qq.com/</c>
    /// and <c>https://hk.api.weixin.qq.com/</c>. Any <c>https</c> host is accepted (for a forward proxy);
    /// plain <c>http</c> only on a loopback address (tests and the emulator).
    /// </summary>
    public Uri Host { get; set; } = new(WechatApiDefaults.DefaultHost);

    /// <summary>
    /// Which endpoint to fetch tokens from (<c>Wechat:Endpoint</c>). Default <see cref="WechatApiEndpoint.StableToken"/>.
    /// <see cref="WechatApiEndpoint.Token"/> (<c>GET /cgi-bin/token</c>) invalidates every other holder's token,
    /// GenAuth's included: choose it only when this process is the app's single token owner.
    /// </summary>
    public WechatApiEndpoint Endpoint { get; set; } = WechatApiEndpoint.StableToken;

    /// <summary>
    /// The longest one token fetch may take, retries included (<c>Wechat:Timeout</c>). Default 10 seconds,
    /// like the official SDKs. When it elapses the fetch fails with a transient <see cref="WechatTokenException"/>
    /// of kind <see cref="WechatTokenErrorKind.Timeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = WechatApiDefaults.DefaultTimeout;
}
