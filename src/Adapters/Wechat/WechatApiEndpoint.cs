namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>Which WeChat endpoint <see cref="WechatApiTokenProvider"/> fetches tokens from.</summary>
public enum WechatApiEndpoint
{
    /// <summary>
    /// <c>POST /cgi-bin/stable_token</c> with <c>force_refresh: false</c> (the default and WeChat's
    /// recommendation): repeated calls return the same token while it is valid, so other holders of the
    /// app's stable token are never disturbed. A refresh is never forced automatically.
    /// </summary>
    StableToken = 0,

    /// <summary>
    /// <c>GET /cgi-bin/token</c>, only by explicit opt-in. <b>Every call invalidates the token every other
    /// holder of this app has</b> (GenAuth's copy included; the old token keeps working for 5 minutes).
    /// Use it only when this process is the single owner of the app's token. Never retried at the HTTP level.
    /// </summary>
    Token = 1,
}
