namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>Names and values of the WeChat adapter that users may need.</summary>
public static class WechatApiDefaults
{
    /// <summary>WeChat's main API host: <c>https://api.weixin.qq.com/</c>.</summary>
    public const string DefaultHost = "https://api.weixin.qq.com/";

    /// <summary>The default timeout of one attempt (<see cref="WechatApiOptions.Timeout"/>): 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The default fetch budget (<see cref="WechatApiOptions.TotalTimeout"/>): 30 seconds for one token fetch, every
    /// attempt, every delay between attempts and reading the answer included.
    /// </summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait honoured from a <c>Retry-After</c> header: 30 seconds (and never more than what is left of the
    /// fetch budget). An answer asking for longer ends the fetch at once with its HTTP status.
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The configuration section <see cref="WechatApiOptions"/> is usually bound from: <c>Wechat</c>
    /// (keys <c>Wechat:Host</c>, <c>Wechat:Endpoint</c>, <c>Wechat:Timeout</c>, <c>Wechat:TotalTimeout</c>).
    /// </summary>
    public const string ConfigurationSectionName = "Wechat";

    /// <summary>
    /// The named <see cref="HttpClient"/> used for <c>POST /cgi-bin/stable_token</c>. The DI integration
    /// gives it a retry handler (connection failures, 408, 429, 5xx; a few jittered attempts), no automatic redirects
    /// and none of IHttpClientFactory's logging (the body holds the secret).
    /// </summary>
    public const string StableTokenHttpClientName = "GenAuth.Hexagonal.Wechat.StableToken";

    /// <summary>
    /// The named <see cref="HttpClient"/> used for <c>GET /cgi-bin/token</c>. It must never get an HTTP-level
    /// retry (each call rotates the token), automatic redirects, nor request logging (the secret is in the query string).
    /// </summary>
    public const string TokenHttpClientName = "GenAuth.Hexagonal.Wechat.Token";

    /// <summary>
    /// The kind of token <c>stable_token</c> hands out (<see cref="IWechatTokenSourceInfo.TokenKind"/>): <c>wechat-stable</c>.
    /// A shared tier keys tokens by it.
    /// </summary>
    public const string StableTokenKind = "wechat-stable";

    /// <summary>
    /// The kind of token <c>GET /cgi-bin/token</c> hands out (<see cref="IWechatTokenSourceInfo.TokenKind"/>): <c>wechat-token</c>.
    /// </summary>
    public const string TokenEndpointKind = "wechat-token";

    /// <summary>
    /// The least time between two <c>force_refresh</c> calls of one app by <see cref="WechatApiTokenProvider.RefreshAsync"/>:
    /// 30 seconds, WeChat's own limit.
    /// </summary>
    public static readonly TimeSpan ForceRefreshMinInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most <c>force_refresh</c> calls of one app a day (Beijing time, UTC+8) by <see cref="WechatApiTokenProvider.RefreshAsync"/>:
    /// 20, WeChat's own limit.
    /// </summary>
    public const int ForceRefreshDailyLimit = 20;

    /// <summary>The query parameter <see cref="WechatAccessTokenHandler"/> sets on each request: <c>access_token</c>.</summary>
    public const string AccessTokenQueryParameter = "access_token";

    /// <summary>
    /// WeChat's documented API hosts, the default <see cref="WechatAccessTokenHandlerOptions.AllowedHosts"/>:
    /// <c>api.weixin.qq.com</c>, <c>api2.weixin.qq.com</c>, <c>sh.api.weixin.qq.com</c>, <c>sz.api.weixin.qq.com</c>,
    /// <c>hk.api.weixin.qq.com</c>.
    /// </summary>
    public static IReadOnlyList<string> ApiHosts { get; } =
        ["api.weixin.qq.com", "api2.weixin.qq.com", "sh.api.weixin.qq.com", "sz.api.weixin.qq.com", "hk.api.weixin.qq.com"];

    /// <summary>The default <see cref="WechatAccessTokenHandlerOptions.MaxReplayableRequestBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxReplayableRequestBytes = 1024 * 1024;
}
