namespace GenAuth.Hexagonal.Adapters.GenAuth;

/// <summary>
/// Options of the GenAuth adapter, usually bound from the <c>GenAuth</c> configuration section and validated at
/// start-up. Keep <see cref="AccessKeySecret"/> in user secrets, the environment or a vault.
/// </summary>
/// <remarks>
/// <para>
/// Configuration reloads are followed (a <c>reloadOnChange</c> JSON file, a vault provider's refresh): each fetch reads the
/// last valid values, so a rotated <see cref="AccessKeySecret"/> or <see cref="AccessKeyId"/> signs the next fetch, and a
/// management token held for the old key is dropped. <see cref="Host"/>, <see cref="Brand"/>, <see cref="Auth"/>,
/// <see cref="Endpoint"/>, <see cref="TenantId"/>, <see cref="Lang"/>, <see cref="Timeout"/>, <see cref="TotalTimeout"/> and
/// <see cref="IncludeAppIdInTelemetry"/> follow too. <see cref="MaxRetryAttempts"/> and <see cref="RetryDelay"/> shape the
/// HTTP retry pipeline, which is built once: they take effect after a restart. A reload that fails validation is logged as a
/// Warning naming the key (never the value) and the last valid values stay in use.
/// </para>
/// </remarks>
public sealed class GenAuthOptions
{
    /// <summary>
    /// The server's base address. Default: <see cref="GenAuthDefaults.GenAuthHost"/> (<c>https://api.genauth.ai</c>), or
    /// <see cref="GenAuthDefaults.AuthingHost"/> (<c>https://api.authing.cn</c>) when <see cref="Brand"/> is
    /// <see cref="GenAuthBrand.Authing"/>. Private deployments set their own host. Must be HTTPS; plain HTTP is
    /// accepted only for loopback hosts (127.0.0.0/8, ::1, localhost), e.g. the test emulator.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>The access key id: the user pool id or a collaborator's access key id. Required.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The access key secret. Required. Never logged and never part of an exception message.</summary>
    public string? AccessKeySecret { get; set; }

    /// <summary>Which brand of the service (header names, signature scheme, default host). Default: <see cref="GenAuthBrand.GenAuth"/>.</summary>
    public GenAuthBrand Brand { get; set; } = GenAuthBrand.GenAuth;

    /// <summary>How requests are authenticated. Default: <see cref="GenAuthAuthentication.Signature"/>.</summary>
    public GenAuthAuthentication Auth { get; set; } = GenAuthAuthentication.Signature;

    /// <summary>
    /// The token endpoint. Default: <see cref="GenAuthDefaults.WeixinAccessTokenEndpoint"/>
    /// (<c>/api/v3/get-weixin-access-token</c>); <see cref="GenAuthDefaults.WechatAccessTokenEndpoint"/> and
    /// <see cref="GenAuthDefaults.WechatAccessTokenInfoEndpoint"/> are accepted too.
    /// </summary>
    public string Endpoint { get; set; } = GenAuthDefaults.WeixinAccessTokenEndpoint;

    /// <summary>Optional tenant id, sent as the <c>x-genauth-app-id</c> (or <c>x-authing-app-id</c>) header. Default: none.</summary>
    public string? TenantId { get; set; }

    /// <summary>The language of GenAuth's messages: <c>zh-CN</c> (default) or <c>en-US</c>.</summary>
    public string Lang { get; set; } = GenAuthDefaults.DefaultLang;

    /// <summary>
    /// The timeout of one attempt (each retry gets its own, cut short when <see cref="TotalTimeout"/> runs out first).
    /// Default: 10 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = GenAuthDefaults.DefaultTimeout;

    /// <summary>
    /// The fetch budget (<c>GenAuth:TotalTimeout</c>): the longest one token fetch may take, every attempt, every delay
    /// between attempts (<c>Retry-After</c> included) and reading the answer included. When it runs out the fetch fails
    /// with a transient <see cref="WechatTokenException"/> of kind <see cref="WechatTokenErrorKind.Timeout"/>. Default:
    /// 30 seconds; at least <see cref="Timeout"/>, at most 10 minutes. A shared cache tier can derive how long one
    /// instance may hold the right to fetch from it.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = GenAuthDefaults.DefaultTotalTimeout;

    /// <summary>
    /// How many times a transient failure (connection failure, timeout, HTTP 408, 429 or 5xx) is retried; 0 turns
    /// retries off. Default: 3. At most 10.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = GenAuthDefaults.DefaultMaxRetryAttempts;

    /// <summary>
    /// The base delay between retries; delays grow exponentially with jitter. A <c>Retry-After</c> answer is honoured up
    /// to min(30 seconds, what is left of <see cref="TotalTimeout"/>); one asking for longer ends the fetch at once with
    /// its HTTP status (<see cref="WechatTokenErrorKind.HttpError"/>, the value in the message). Default: 500 ms.
    /// <see cref="TimeSpan.Zero"/> retries at once (useful in tests).
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = GenAuthDefaults.DefaultRetryDelay;

    /// <summary>
    /// Whether the app id is a tag of the adapter's metrics and spans (<c>genauth.wechat.app_id</c>, see
    /// <see cref="WechatTokenDiagnostics"/>). Default: <see langword="false"/>: it is low-cardinality only for a few apps.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }

    /// <summary>The host actually used: <see cref="Host"/>, or the brand's default.</summary>
    /// <returns>The base address, ending with a slash.</returns>
    public Uri GetEffectiveHost()
    {
        var host = string.IsNullOrWhiteSpace(Host)
            ? (Brand == GenAuthBrand.Authing ? GenAuthDefaults.AuthingHost : GenAuthDefaults.GenAuthHost)
            : Host.Trim();
        if (!host.EndsWith('/'))
        {
            host += "/";
        }

        return new Uri(host, UriKind.Absolute);
    }
}
