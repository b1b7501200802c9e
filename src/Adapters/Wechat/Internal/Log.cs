using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>The WeChat adapter's log messages (event ids 1100-1199). Never a secret or a whole token.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Fetched a WeChat access token for {AppId} from {Endpoint}; it expires in {ExpiresInSeconds} s.")]
    public static partial void TokenFetched(ILogger logger, string appId, WechatApiEndpoint endpoint, long expiresInSeconds);

    [LoggerMessage(1101, LogLevel.Warning, "Fetching a WeChat access token for {AppId} from {Endpoint} failed: {Kind}, errcode {WechatErrorCode}, HTTP {HttpStatusCode}, transient {IsTransient}.")]
    public static partial void TokenFetchFailed(
        ILogger logger, string appId, WechatApiEndpoint endpoint, WechatTokenErrorKind kind, int? wechatErrorCode, int? httpStatusCode, bool isTransient);

    [LoggerMessage(1102, LogLevel.Warning, "WeChat tokens are fetched with GET /cgi-bin/token: every fetch invalidates the token any other holder of the app has (GenAuth's included). Keep exactly one token owner per appId.")]
    public static partial void TokenEndpointSelected(ILogger logger);

    [LoggerMessage(1110, LogLevel.Information, "WeChat rejected the access token {Token} for {AppId} (errcode {WechatErrorCode}); invalidating it and retrying the request once.")]
    public static partial void TokenRejected(ILogger logger, string token, string appId, int wechatErrorCode);

    [LoggerMessage(1111, LogLevel.Warning, "WeChat rejected the fresh access token {Token} for {AppId} too (errcode {WechatErrorCode}); returning the answer to the caller without another retry.")]
    public static partial void TokenRejectedAgain(ILogger logger, string token, string appId, int wechatErrorCode);

    [LoggerMessage(1112, LogLevel.Warning, "Sent a request to {Host} over {Scheme} without the WeChat access token: the token goes only to the AllowedHosts of this client's AddWechatAccessToken (default: WeChat's API hosts), over https (plain http only to a listed loopback host). Add the host there if it is a WeChat API host. Each host is named once.")]
    public static partial void TokenNotAttached(ILogger logger, string host, string scheme);

    [LoggerMessage(1113, LogLevel.Information, "WeChat rejected the access token {Token} for {AppId} (errcode {WechatErrorCode}); it was invalidated, but the request is not sent again: its body is larger than MaxReplayableRequestBytes ({MaxReplayableRequestBytes}). The next request gets a fresh token.")]
    public static partial void TokenRejectedNotRetried(ILogger logger, string token, string appId, int wechatErrorCode, long maxReplayableRequestBytes);

    [LoggerMessage(1103, LogLevel.Information, "WeChat's normal answer for {AppId} is still the rejected token {Token}; forcing a refresh (force_refresh: true).")]
    public static partial void ForcingRefresh(ILogger logger, string token, string appId);

    [LoggerMessage(1104, LogLevel.Warning, "WeChat's normal answer for {AppId} is still the rejected token {Token}, but no refresh is forced: {Reason}. The next forced refresh is allowed at {NextAllowed:O}.")]
    public static partial void ForceRefreshNotAllowed(ILogger logger, string token, string appId, string reason, DateTimeOffset nextAllowed);

    [LoggerMessage(1105, LogLevel.Warning, "The forced refresh (force_refresh: true) for {AppId} failed: {Kind}, errcode {WechatErrorCode}, HTTP {HttpStatusCode}; the normal answer is handed back.")]
    public static partial void ForceRefreshFailed(ILogger logger, string appId, WechatTokenErrorKind kind, int? wechatErrorCode, int? httpStatusCode);

    [LoggerMessage(1106, LogLevel.Warning, "{Key} changed in configuration; it takes effect after a restart (it decides who owns the app's token). The other Wechat source options follow reloads.")]
    public static partial void RestartNeeded(ILogger logger, string key);

    [LoggerMessage(1114, LogLevel.Information, "WeChat rejected the access token {Token} for {AppId} (errcode {WechatErrorCode}) and no new one can be had yet ({Reason}); WeChat's answer is returned to the caller as it is.")]
    public static partial void TokenRejectedNoReplacementYet(ILogger logger, string token, string appId, int wechatErrorCode, string reason);
}
