namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>Names and values of the WeChat adapter that users may need.</summary>
public static class WechatApiDefaults
{
    /// <summary>WeChat's main API host: <c>https://api.weixin.qq.com/</c>.</summary>
    public const string DefaultHost = "https://api.weixin.qq.com/";

    /// <summary>The default timeout of one token fetch, all attempts included: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The configuration section <see cref="WechatApiOptions"/> is usually bound from: <c>Wechat</c>
    /// (keys <c>Wechat:Host</c>, <c>Wechat:Endpoint</c>, <c>Wechat:Timeout</c>).
    /// </summary>
    public const string ConfigurationSectionName = "Wechat";

    /// <summary>
    /// The named <see cref="HttpClient"/> used for <c>POST /cgi-bin/stable_token</c>. The DI integration
    /// gives it a retry handler (connection failures, 408, 429, 5xx; a few jittered attempts).
    /// </summary>
    public const string StableTokenHttpClientName = "GenAuth.Hexagonal.Wechat.StableToken";

    /// <summary>
    /// The named <see cref="HttpClient"/> used for <c>GET /cgi-bin/token</c>. It must never get an HTTP-level
    /// retry (each call rotates the token) nor request logging (the secret is in the query string).
    /// </summary>
    public const string TokenHttpClientName = "GenAuth.Hexagonal.Wechat.Token";

    /// <summary>The query parameter <see cref="WechatAccessTokenHandler"/> sets on each request: <c>access_token</c>.</summary>
    public const string AccessTokenQueryParameter = "access_token";
}
