namespace GenAuth.Hexagonal;

/// <summary>What went wrong, in terms a caller can act on.</summary>
public enum WechatTokenErrorKind
{
    /// <summary>Not classified.</summary>
    Unknown = 0,

    /// <summary>
    /// The upstream answered with a business error: GenAuth's body <c>statusCode</c> was not 200, or WeChat
    /// returned an <c>errcode</c>. See <see cref="WechatTokenException.StatusCode"/>,
    /// <see cref="WechatTokenException.ApiCode"/> and <see cref="WechatTokenException.WechatErrorCode"/>.
    /// </summary>
    UpstreamError = 1,

    /// <summary>The upstream answered with a non-success HTTP status. See <see cref="WechatTokenException.HttpStatusCode"/>.</summary>
    HttpError = 2,

    /// <summary>
    /// The upstream's answer could not be used: an HTML error page, an empty or malformed body, wrong JSON
    /// types, a missing token, or an expiry already past.
    /// </summary>
    InvalidResponse = 3,

    /// <summary>The upstream did not answer within the configured timeout.</summary>
    Timeout = 4,

    /// <summary>The connection could not be made or was dropped.</summary>
    Network = 5,

    /// <summary>The library's configuration was rejected before anything was sent (for example a missing key).</summary>
    Configuration = 6,
}
