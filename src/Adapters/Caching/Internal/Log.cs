using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>Source-generated logs of the caching decorator (event ids 1200-1299). Never a secret or a whole token.</summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Debug, "Fetched a WeChat access token for app {AppId} from {Source}; it expires at {ExpiresAt:O}, refresh starts at {RefreshAt:O}.")]
    public static partial void TokenCached(ILogger logger, string appId, string source, DateTimeOffset expiresAt, DateTimeOffset refreshAt);

    [LoggerMessage(1201, LogLevel.Warning, "Refreshing the WeChat access token for app {AppId} from {Source} failed ({ErrorKind}); the cached token stays in use until it expires at {ExpiresAt:O} and refresh attempts back off.")]
    public static partial void RefreshFailedServingStale(ILogger logger, string appId, string source, WechatTokenErrorKind errorKind, DateTimeOffset expiresAt, Exception exception);

    [LoggerMessage(1202, LogLevel.Error, "Fetching a WeChat access token for app {AppId} from {Source} failed ({ErrorKind}) and no usable token is cached; callers get the error.")]
    public static partial void FetchFailed(ILogger logger, string appId, string source, WechatTokenErrorKind errorKind, Exception exception);

    // 1203 and 1204 (one Warning per refused add and per eviction) were replaced by 1213.
    [LoggerMessage(1205, LogLevel.Information, "Dropped the rejected WeChat access token {Token} for app {AppId} from the {Source} cache ({Entries} entries); it is not served again, and the next call fetches a new one.")]
    public static partial void Invalidated(ILogger logger, string token, string appId, string source, int entries);

    [LoggerMessage(1206, LogLevel.Debug, "Kept the cached WeChat access tokens for app {AppId} ({Source}): none is the rejected one.")]
    public static partial void InvalidationIgnored(ILogger logger, string appId, string source);

    [LoggerMessage(1207, LogLevel.Debug, "The WeChat access token for app {AppId} ({Source}) entered its refresh-ahead window; starting one background refresh.")]
    public static partial void RefreshAheadStarted(ILogger logger, string appId, string source);

    [LoggerMessage(1208, LogLevel.Information, "Fetching WeChat access tokens for app {AppId} from {Source} works again.")]
    public static partial void Recovered(ILogger logger, string appId, string source);

    [LoggerMessage(1209, LogLevel.Error, "The cached WeChat access token for app {AppId} ({Source}) expired at {ExpiresAt:O} while refreshing it kept failing; callers now get the upstream error.")]
    public static partial void StaleTokenExpired(ILogger logger, string appId, string source, DateTimeOffset expiresAt);

    [LoggerMessage(1210, LogLevel.Debug, "{Source} returned the same WeChat access token for app {AppId}; the cached one is kept and the next refresh attempt is in {Delay}.")]
    public static partial void TokenUnchanged(ILogger logger, string source, string appId, TimeSpan delay);

    [LoggerMessage(1211, LogLevel.Debug, "No further background refresh for app {AppId} ({Source}): the next attempt would come after the token expires at {ExpiresAt:O}.")]
    public static partial void RefreshGivenUp(ILogger logger, string appId, string source, DateTimeOffset expiresAt);

    [LoggerMessage(1212, LogLevel.Error, "Scheduled work of the WeChat token cache for {Source} failed unexpectedly.")]
    public static partial void ScheduledWorkFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(1213, LogLevel.Warning, "The WeChat token cache for {Source} is full (SizeLimit {SizeLimit}): since {Since}, {Refused} fetched token(s) were returned to their callers but not cached and {Evicted} cached token(s) were compacted away, so their next calls fetch again. Raise Wechat:Caching:SizeLimit.")]
    public static partial void StoreFull(ILogger logger, string source, long sizeLimit, long refused, long evicted, string since);

    [LoggerMessage(1214, LogLevel.Warning, "{Source} returned again the WeChat access token of app {AppId} that WeChat rejected; it is not cached, callers get errcode 40001 until the next attempt at {NextAttemptAt:O}.")]
    public static partial void RejectedTokenReturned(ILogger logger, string source, string appId, DateTimeOffset nextAttemptAt);

    [LoggerMessage(1215, LogLevel.Information, "Dropped the WeChat access token {Token} of app {AppId} ({Source}): another instance reported that WeChat rejected it.")]
    public static partial void RemotelyInvalidated(ILogger logger, string token, string appId, string source);
}
