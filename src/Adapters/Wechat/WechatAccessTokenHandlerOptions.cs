namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// Options of one <see cref="WechatAccessTokenHandler"/>, set per HttpClient with
/// <c>AddWechatAccessToken("mini", o => ...)</c>.
/// </summary>
public sealed class WechatAccessTokenHandlerOptions
{
    /// <summary>
    /// The hosts <c>access_token</c> is attached to; a request to any other host is sent without it (and a Warning names
    /// the host once per process). Default: WeChat's API hosts (<see cref="WechatApiDefaults.ApiHosts"/>:
    /// <c>api.weixin.qq.com</c>, <c>api2.</c>, <c>sh.api.</c>, <c>sz.api.</c> and <c>hk.api.weixin.qq.com</c>). Host names
    /// only (no scheme, port or path), compared without regard to case. The token goes over <c>https</c> only; a loopback
    /// host (<c>127.0.0.1</c>, <c>::1</c>, <c>localhost</c>, e.g. the test emulator) gets it, over plain <c>http</c> too,
    /// only when listed here.
    /// </summary>
    public ISet<string> AllowedHosts { get; } = new HashSet<string>(WechatApiDefaults.ApiHosts, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The largest request body kept in memory so the request can be sent again after WeChat rejects the token. A body
    /// of known length up to this size is buffered; a body of unknown length is buffered up to this size and the rest
    /// streamed. A larger body is sent once: when its token is rejected, the token is still invalidated (the next request
    /// gets a fresh one) and WeChat's answer is returned to the caller. Default 1 MiB; 0 replays only requests without a
    /// body; at most 100 MiB.
    /// </summary>
    public long MaxReplayableRequestBytes { get; set; } = WechatApiDefaults.DefaultMaxReplayableRequestBytes;
}
