namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// Options of <see cref="WechatApiTokenProvider"/>, usually bound from the <c>Wechat</c> configuration section.
/// Validated at start-up.
/// </summary>
/// <remarks>
/// Registered with <c>UseWechat(section)</c>, configuration reloads are followed: each fetch reads the last valid
/// <see cref="Host"/>, <see cref="Timeout"/>, <see cref="TotalTimeout"/> and <see cref="IncludeAppIdInTelemetry"/>. A reload
/// that fails validation is logged as a Warning naming the key (never the value) and the last valid values stay.
/// <see cref="Endpoint"/> decides who owns the app's token and takes effect after a restart (a reload that changes it is
/// logged).
/// </remarks>
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
    /// The timeout of one attempt (<c>Wechat:Timeout</c>). Default 10 seconds, like the official SDKs.
    /// <c>stable_token</c> makes up to 3 attempts, each with this timeout, cut short only when
    /// <see cref="TotalTimeout"/> runs out first; at most 5 minutes and at most <see cref="TotalTimeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = WechatApiDefaults.DefaultTimeout;

    /// <summary>
    /// The fetch budget (<c>Wechat:TotalTimeout</c>): the longest one token fetch may take, every attempt, every delay
    /// between attempts (<c>Retry-After</c> included) and reading the answer included. Default 30 seconds, at most
    /// 10 minutes. When it runs out the fetch fails with a transient <see cref="WechatTokenException"/> of kind
    /// <see cref="WechatTokenErrorKind.Timeout"/>. A shared cache tier can derive how long one instance may hold the
    /// right to fetch from it.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = WechatApiDefaults.DefaultTotalTimeout;

    /// <summary>
    /// Whether the app id is a tag of the source's metrics and spans (<c>Wechat:IncludeAppIdInTelemetry</c>; tag
    /// <c>genauth.wechat.app_id</c>, see <see cref="WechatTokenDiagnostics"/>). Default: <see langword="false"/>: it is
    /// low-cardinality only for a few apps.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }
}
