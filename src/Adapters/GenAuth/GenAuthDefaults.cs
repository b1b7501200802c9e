namespace GenAuth.Hexagonal.Adapters.GenAuth;

/// <summary>Names and default values of the GenAuth adapter that users may need.</summary>
public static class GenAuthDefaults
{
    /// <summary>The configuration section the options are usually bound from: <c>GenAuth</c>.</summary>
    public const string SectionName = "GenAuth";

    /// <summary>
    /// The name of the <see cref="System.Net.Http.HttpClient"/> (through <c>IHttpClientFactory</c>) that calls the
    /// token endpoint. Use it to add handlers or replace the primary handler, e.g. <c>services.AddHttpClient(GenAuthDefaults.HttpClientName)</c>.
    /// </summary>
    public const string HttpClientName = "GenAuth.Hexagonal.GenAuth";

    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> that fetches management tokens (<see cref="GenAuthAuthentication.ManagementToken"/>).</summary>
    public const string ManagementTokenHttpClientName = "GenAuth.Hexagonal.GenAuth.ManagementToken";

    /// <summary>
    /// The kind of token the adapter hands out (<see cref="IWechatTokenSourceInfo.TokenKind"/>): <c>genauth</c>, the token
    /// GenAuth's server caches for the app. A shared tier keys tokens by it.
    /// </summary>
    public const string TokenKind = "genauth";

    /// <summary>GenAuth's public host: <c>https://api.genauth.ai</c>.</summary>
    public const string GenAuthHost = "https://api.genauth.ai";

    /// <summary>Authing's public host: <c>https://api.authing.cn</c>.</summary>
    public const string AuthingHost = "https://api.authing.cn";

    /// <summary>The default token endpoint, used by the official Node management client: <c>/api/v3/get-weixin-access-token</c>.</summary>
    public const string WeixinAccessTokenEndpoint = "/api/v3/get-weixin-access-token";

    /// <summary>The endpoint of the Python, Java, Go and C# SDKs (marked deprecated there): <c>/api/v3/get-wechat-access-token</c>.</summary>
    public const string WechatAccessTokenEndpoint = "/api/v3/get-wechat-access-token";

    /// <summary>The authentication-API endpoint: <c>/api/v3/get-wechat-access-token-info</c>.</summary>
    public const string WechatAccessTokenInfoEndpoint = "/api/v3/get-wechat-access-token-info";

    /// <summary>The management-token endpoint: <c>/api/v3/get-management-token</c>.</summary>
    public const string ManagementTokenEndpoint = "/api/v3/get-management-token";

    /// <summary>The default language of GenAuth's messages: <c>zh-CN</c>.</summary>
    public const string DefaultLang = "zh-CN";

    /// <summary>The default per-attempt timeout: 10 seconds (the official SDKs' default).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The default fetch budget: 30 seconds for one token fetch, every attempt, every delay between attempts and reading
    /// the answer included (<see cref="GenAuthOptions.TotalTimeout"/>).
    /// </summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait honoured from a <c>Retry-After</c> header: 30 seconds (and never more than what is left of the
    /// fetch budget). An answer asking for longer ends the fetch at once with its HTTP status.
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The default number of retries after a transient failure: 3.</summary>
    public const int DefaultMaxRetryAttempts = 3;

    /// <summary>The default base delay between retries (exponential, with jitter): 500 ms.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The token endpoints the adapter accepts for <see cref="GenAuthOptions.Endpoint"/>.</summary>
    public static IReadOnlyList<string> TokenEndpoints { get; } =
        [WeixinAccessTokenEndpoint, WechatAccessTokenEndpoint, WechatAccessTokenInfoEndpoint];

    /// <summary>The languages GenAuth answers in: <c>zh-CN</c> and <c>en-US</c>.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["zh-CN", "en-US"];
}
