using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The GenAuth adapter's log messages (event ids 1000-1099). Never a secret, a whole token or a string to sign.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "GenAuthTokenFetched", Level = LogLevel.Debug,
        Message = "Got the WeChat access token for app {AppId} from GenAuth {Endpoint}; it expires at {ExpiresAt:O}.")]
    public static partial void TokenFetched(ILogger logger, string appId, string endpoint, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1001, EventName = "GenAuthTokenFetchFailed", Level = LogLevel.Warning,
        Message = "Getting the WeChat access token for app {AppId} from GenAuth {Endpoint} failed: {Kind} (transient: {IsTransient}, HTTP {HttpStatusCode}, statusCode {StatusCode}, apiCode {ApiCode}, requestId {RequestId}).")]
    public static partial void TokenFetchFailed(
        ILogger logger, string appId, string endpoint, WechatTokenErrorKind kind, bool isTransient, int? httpStatusCode, int? statusCode, int? apiCode, string? requestId);

    [LoggerMessage(EventId = 1002, EventName = "GenAuthManagementTokenFetched", Level = LogLevel.Debug,
        Message = "Got a GenAuth management token for user pool {UserPoolId}; it expires at {ExpiresAt:O}.")]
    public static partial void ManagementTokenFetched(ILogger logger, string userPoolId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1003, EventName = "GenAuthManagementTokenFetchFailed", Level = LogLevel.Warning,
        Message = "Getting a GenAuth management token failed: {Kind} (HTTP {HttpStatusCode}, statusCode {StatusCode}, apiCode {ApiCode}, requestId {RequestId}).")]
    public static partial void ManagementTokenFetchFailed(
        ILogger logger, WechatTokenErrorKind kind, int? httpStatusCode, int? statusCode, int? apiCode, string? requestId);

    [LoggerMessage(EventId = 1004, EventName = "GenAuthManagementTokenRejected", Level = LogLevel.Information,
        Message = "GenAuth rejected the cached management token (statusCode {StatusCode}); the next request fetches a new one.")]
    public static partial void ManagementTokenRejected(ILogger logger, int? statusCode);

    [LoggerMessage(EventId = 1005, EventName = "GenAuthManagementTokenRefreshFailed", Level = LogLevel.Warning,
        Message = "Refreshing the GenAuth management token failed; the current one is still used until {UsableUntil:O}. The next refresh is due in {RetryDelay}.")]
    public static partial void ManagementTokenServedAfterFailedRefresh(ILogger logger, DateTimeOffset usableUntil, TimeSpan retryDelay);

    [LoggerMessage(EventId = 1006, EventName = "GenAuthScopedUserPoolIdRejected", Level = LogLevel.Warning,
        Message = "The management token's scoped_userpool_id claim is not a plain header value (whitespace, control or non-ASCII characters, or too long); {Header} carries GenAuth:AccessKeyId instead. Logged once.")]
    public static partial void ScopedUserPoolIdRejected(ILogger logger, string header);

    [LoggerMessage(EventId = 1007, EventName = "GenAuthManagementTokenUnavailable", Level = LogLevel.Warning,
        Message = "Fetching a GenAuth management token failed and no usable one is held; requests fail with that error until the next attempt, due in {RetryDelay}.")]
    public static partial void ManagementTokenRefreshFailed(ILogger logger, TimeSpan retryDelay);

    [LoggerMessage(EventId = 1008, EventName = "GenAuthManagementTokenDropped", Level = LogLevel.Information,
        Message = "GenAuth:AccessKeyId, GenAuth:AccessKeySecret or GenAuth:Host changed: the management token held for the previous access key is dropped and one is fetched for the new key.")]
    public static partial void ManagementTokenDroppedForNewKey(ILogger logger);

    [LoggerMessage(EventId = 1009, EventName = "GenAuthResponseWithoutDate", Level = LogLevel.Warning,
        Message = "GenAuth's answer to {Endpoint} has no Date header, so data.expiresAt (on GenAuth's clock) cannot be corrected for a difference between GenAuth's clock and this server's; it is used as it is. Logged once.")]
    public static partial void ResponseWithoutDate(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 1010, EventName = "GenAuthClockSkewCorrected", Level = LogLevel.Debug,
        Message = "GenAuth's clock is {Skew} ahead of this server's (its Date header); the token for app {AppId} is served until {ExpiresAt:O}, not GenAuth's data.expiresAt.")]
    public static partial void ClockSkewCorrected(ILogger logger, TimeSpan skew, string appId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1011, EventName = "GenAuthRestartNeeded", Level = LogLevel.Warning,
        Message = "{Keys} changed in configuration: the HTTP retry pipeline is built once, so the change takes effect after a restart. The other GenAuth options follow reloads.")]
    public static partial void RestartNeeded(ILogger logger, string keys);
}
