using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>Source-generated logs of the Redis tier (event ids 1300-1399). Never a secret, a whole token or a Redis key.</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Warning, "Redis is unavailable to the WeChat token tier ({Kind}): {ErrorType}. Until it answers again, calls are {Behavior}; the in-process cache keeps serving what it holds.")]
    public static partial void RedisUnavailable(ILogger logger, string kind, string errorType, string behavior, Exception? exception);

    [LoggerMessage(1301, LogLevel.Information, "Redis answers the WeChat token tier ({Kind}) again; tokens are shared with the fleet.")]
    public static partial void RedisRestored(ILogger logger, string kind);

    [LoggerMessage(1302, LogLevel.Warning, "The WeChat token in Redis for app {AppId} ({Kind}) was written under another app secret; it is ignored (a miss) and a new one is fetched. Check that every instance has the same secret.")]
    public static partial void ForeignValue(ILogger logger, string appId, string kind);

    [LoggerMessage(1303, LogLevel.Error, "The WeChat token value in Redis for app {AppId} ({Kind}) failed authentication (tampered, moved or corrupt); it is ignored (a miss) and a new one is fetched.")]
    public static partial void TamperedValue(ILogger logger, string appId, string kind);

    [LoggerMessage(1304, LogLevel.Debug, "Won the fleet's lease for app {AppId} ({Kind}), generation {Generation}; fetching from the source.")]
    public static partial void LeaseWon(ILogger logger, string appId, string kind, long generation);

    [LoggerMessage(1305, LogLevel.Debug, "Another instance holds the fleet's lease for app {AppId} ({Kind}); waiting for its token.")]
    public static partial void WaitingForHolder(ILogger logger, string appId, string kind);

    [LoggerMessage(1306, LogLevel.Warning, "The write of a fetched WeChat token for app {AppId} ({Kind}) was refused by fencing: generation {Generation} is no longer the latest (this instance lost its lease, e.g. after a pause). The newer holder's token is used.")]
    public static partial void WriteFenced(ILogger logger, string appId, string kind, long generation);

    [LoggerMessage(1307, LogLevel.Warning, "Lost the fleet's lease for app {AppId} ({Kind}) while fetching (generation {Generation}); its write will be fenced if another instance took over.")]
    public static partial void LeaseLost(ILogger logger, string appId, string kind, long generation);

    [LoggerMessage(1308, LogLevel.Debug, "Stored the WeChat token for app {AppId} ({Kind}) in Redis, generation {Generation}, expiring in {Ttl}.")]
    public static partial void TokenStored(ILogger logger, string appId, string kind, long generation, TimeSpan ttl);

    [LoggerMessage(1309, LogLevel.Information, "Removed the rejected WeChat access token {Token} for app {AppId} ({Kind}) from Redis and told the fleet.")]
    public static partial void Invalidated(ILogger logger, string token, string appId, string kind);

    [LoggerMessage(1310, LogLevel.Information, "Another instance reported that WeChat rejected a token of app {AppId} ({Kind}); dropping it locally.")]
    public static partial void RemoteRejection(ILogger logger, string appId, string kind);

    [LoggerMessage(1311, LogLevel.Warning, "The fleet's fetch of the WeChat token for app {AppId} ({Kind}) failed ({ErrorKind}); the still-valid token in Redis stays in use and the fleet's next attempt is delayed.")]
    public static partial void FetchFailedServingStale(ILogger logger, string appId, string kind, WechatTokenErrorKind errorKind, Exception exception);

    [LoggerMessage(1312, LogLevel.Error, "A rejection listener of the Redis tier ({Kind}) threw; the other listeners still run.")]
    public static partial void ListenerFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(1313, LogLevel.Warning, "A notice on the Redis channel could not be read; it is ignored.")]
    public static partial void BadNotice(ILogger logger, Exception? exception);

    [LoggerMessage(1314, LogLevel.Information, "The fleet allowed forced refresh {Count} of today for app {AppId} ({Kind}).")]
    public static partial void ForceAllowed(ILogger logger, long count, string appId, string kind);

    [LoggerMessage(1315, LogLevel.Warning, "No forced refresh for app {AppId} ({Kind}): {Reason}. The source is asked in normal mode.")]
    public static partial void ForceDenied(ILogger logger, string appId, string kind, string reason);

    [LoggerMessage(1316, LogLevel.Warning, "Redis is unavailable and the WeChat token tier ({Kind}) fails closed: no token for app {AppId} is fetched without the fleet's lease.")]
    public static partial void FailedClosed(ILogger logger, string kind, string appId);

    [LoggerMessage(1317, LogLevel.Warning, "Could not subscribe to the Redis notice channel ({Kind}); retrying while Redis is probed.")]
    public static partial void SubscribeFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(1318, LogLevel.Warning, "Connecting to Redis failed ({Kind}); retrying in {Delay}.")]
    public static partial void ConnectFailed(ILogger logger, string kind, TimeSpan delay, Exception exception);

    [LoggerMessage(1319, LogLevel.Debug, "The source handed back the token Redis already holds for app {AppId} ({Kind}); the fleet's next refresh attempt is delayed.")]
    public static partial void TokenUnchanged(ILogger logger, string appId, string kind);

    [LoggerMessage(1320, LogLevel.Warning, "The source returned the token the fleet rejected for app {AppId} ({Kind}); it is not written to Redis.")]
    public static partial void RejectedTokenReturned(ILogger logger, string appId, string kind);

    [LoggerMessage(1321, LogLevel.Warning, "Storing the fetched WeChat token for app {AppId} ({Kind}) in Redis failed; it is returned to the callers and the fleet will fetch its own.")]
    public static partial void StoreFailed(ILogger logger, string appId, string kind);

    [LoggerMessage(1322, LogLevel.Warning, "The fetch for app {AppId} ({Kind}) has run past {Limit}; the lease is no longer renewed and other instances may take over.")]
    public static partial void RenewalGivenUp(ILogger logger, string appId, string kind, TimeSpan limit);
}
