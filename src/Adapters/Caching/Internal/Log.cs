using Microsoft.Extensions.Caching.Memory;
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

    [LoggerMessage(1203, LogLevel.Warning, "The WeChat token cache for {Source} is full (SizeLimit {SizeLimit}): the token for app {AppId} was returned to its callers but not cached, so its next call fetches again. Raise Wechat:Caching:SizeLimit.")]
    public static partial void AddRefused(ILogger logger, string source, long sizeLimit, string appId);

    [LoggerMessage(1204, LogLevel.Warning, "The WeChat token cache for {Source} is full (SizeLimit {SizeLimit}): the token for app {AppId} was compacted away ({Reason}), so its next call fetches again. Raise Wechat:Caching:SizeLimit.")]
    public static partial void EntryEvicted(ILogger logger, string source, long sizeLimit, string appId, EvictionReason reason);

    [LoggerMessage(1205, LogLevel.Information, "Dropped the rejected WeChat access token {Token} for app {AppId} from the {Source} cache; the next call fetches a new one.")]
    public static partial void Invalidated(ILogger logger, string token, string appId, string source);

    [LoggerMessage(1206, LogLevel.Debug, "Kept the cached WeChat access token for app {AppId} ({Source}): it is not the rejected one.")]
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

    [LoggerMessage(1212, LogLevel.Error, "The background refresh of the WeChat access token for app {AppId} ({Source}) stopped unexpectedly.")]
    public static partial void RefreshLoopCrashed(ILogger logger, string appId, string source, Exception exception);
}
