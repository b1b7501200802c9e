namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>Constants of the Redis tier: source kinds, the configuration section and the default key prefix.</summary>
public static class RedisWechatTokenDefaults
{
    /// <summary>The configuration section the tier's options are bound from: <c>Wechat:Redis</c>.</summary>
    public const string SectionName = "Wechat:Redis";

    /// <summary>The default <see cref="RedisWechatTokenOptions.KeyPrefix"/>: <c>genauth:wechat-token</c>.</summary>
    public const string DefaultKeyPrefix = "genauth:wechat-token";

    /// <summary>The source kind of tokens cached by GenAuth's server (<c>UseGenAuth</c>).</summary>
    public const string GenAuthSourceKind = "genauth";

    /// <summary>The source kind of WeChat's <c>POST /cgi-bin/stable_token</c> (<c>UseWechat</c>, the default endpoint).</summary>
    public const string WechatStableTokenSourceKind = "wechat-stable";

    /// <summary>
    /// The source kind of WeChat's <c>GET /cgi-bin/token</c>, where every call rotates the app's token: the sole-owner
    /// mode. The tier fails closed by default while Redis is unavailable for this kind.
    /// </summary>
    public const string WechatTokenSourceKind = "wechat-token";

    /// <summary>The name a health check registration of <see cref="RedisWechatTokenHealthCheck"/> should use.</summary>
    public const string HealthCheckName = "genauth-wechat-token-redis";
}
