using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// What the decorator does with the answers it gets and the moments it reaches: a fetched token becomes a new entry (or,
/// when upstream handed back the token already held, the entry stays and the background refresh backs off); a token WeChat
/// just rejected is refused; a failure leaves a still-valid entry in service (fail-safe) or the app without a token; an
/// entry at its real expiry leaves the store; refused adds and evictions are counted.
/// </summary>
internal sealed class TokenKeeper(
    WechatTokenCachingOptions options,
    ILogger logger,
    CachingTelemetry telemetry,
    WallClock clock,
    TokenStore store,
    Scheduler scheduler,
    UpstreamFetch upstream,
    Refresher refresher,
    HealthLedger ledger,
    RejectionMemory rejections,
    StoreWarnings warnings,
    CancellationToken disposeToken)
{
    private readonly Func<double> _spread = options.SoftMomentSpread ?? Random.Shared.NextDouble;
    private readonly CancellationToken _disposeToken = disposeToken;

    private string SourceName => telemetry.SourceName;

    /// <summary>The token a fetch completed in the meantime put in place of <paramref name="replacing"/>, if usable as fresh.</summary>
    public WechatAccessToken? AlreadyFetched(WechatAppCredentials credentials, TokenEntry? replacing) =>
        store.TryGet(credentials.Key, out var current) && !ReferenceEquals(current, replacing) && clock.Read() < current.Hard
            ? current.Token
            : null;

    /// <summary>One fetch for the single flight: asks the source, then stores or otherwise applies its answer.</summary>
    public async Task<WechatAccessToken> FetchAndApplyAsync(WechatAppCredentials credentials)
    {
        var rejected = rejections.BeginFetch(credentials.AppId, clock.Read());
        WechatAccessToken token;
        try
        {
            token = await upstream.FetchAsync(credentials, rejected, _disposeToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (_disposeToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(CachingWechatTokenProvider), "The WeChat token cache was disposed while a fetch was in flight.");
            }

            OnFetchFailed(credentials, ex);
            ExceptionDispatchInfo.Throw(ex);
            throw; // not reached
        }

        ObjectDisposedException.ThrowIf(_disposeToken.IsCancellationRequested, typeof(CachingWechatTokenProvider));
        return OnFetched(credentials, token);
    }

    private WechatAccessToken OnFetched(WechatAppCredentials credentials, WechatAccessToken token)
    {
        var (key, appId) = (credentials.Key, credentials.AppId);
        var now = clock.Now(); // published: a token whose soft moment has already come must not be a hit
        if (rejections.IsRejectedAnswer(appId, token, now, out var nextFetch))
        {
            // Not a token: a failed answer. A still-valid entry of these credentials stays in service (fail-safe).
            Log.RejectedTokenReturned(logger, SourceName, appId, nextFetch);
            if (store.TryGet(key, out var held) && now < held.ExpiresAt && !held.Holds(token.Value))
            {
                var answer = refresher.Record(held, credentials, failed: true);
                telemetry.AddFailure(telemetry.RefreshFailures, appId, WechatTokenErrorKind.UpstreamError);
                refresher.ScheduleNext(answer, now);
            }
            else
            {
                ledger.RecordFailure(key, now);
                telemetry.AddFailure(telemetry.FetchFailures, appId, WechatTokenErrorKind.UpstreamError);
            }

            throw RejectedTokenError(appId, nextFetch);
        }

        if (store.TryGet(key, out var current) && now < current.ExpiresAt && current.Holds(token.Value))
        {
            // Upstream (GenAuth's central cache, stable_token) has nothing newer: keep the entry and its moments, and let
            // the background refresh ask again after the backoff (never once per call).
            var recovered = ledger.Clear(key);
            if (now >= current.Soft)
            {
                var answer = refresher.Record(current, credentials, failed: false);
                refresher.ScheduleNext(answer, now);
                recovered |= answer.Recovered;
            }

            if (recovered)
            {
                Log.Recovered(logger, appId, SourceName);
            }

            return current.Token;
        }

        if (token.ExpiresAt <= now)
        {
            throw upstream.Expired(appId, token); // it was valid when it arrived, but a caller may have joined since
        }

        var entry = TokenEntry.Create(key, token, now, options.MaxRefreshAhead, options.MaxSafetyMargin, _spread());
        var replaced = refresher.ForgetOthers(key, keep: null);
        if (store.Put(entry))
        {
            new EntryMoments(entry, store, scheduler, OnExpired).Schedule();
        }

        if (ledger.Clear(key) | (replaced?.IsFailing == true))
        {
            Log.Recovered(logger, appId, SourceName);
        }

        Log.TokenCached(logger, appId, SourceName, token.ExpiresAt, entry.Soft);
        return token;
    }

    private void OnFetchFailed(WechatAppCredentials credentials, Exception failure)
    {
        var now = clock.Read();
        var kind = (failure as WechatTokenException)?.Kind ?? WechatTokenErrorKind.Unknown;
        if (store.TryGet(credentials.Key, out var entry) && now < entry.ExpiresAt)
        {
            var answer = refresher.Record(entry, credentials, failed: true); // from here the entry is served stale
            telemetry.AddFailure(telemetry.RefreshFailures, credentials.AppId, kind);
            Log.RefreshFailedServingStale(logger, credentials.AppId, SourceName, kind, entry.ExpiresAt, failure);
            refresher.ScheduleNext(answer, now);
            return;
        }

        telemetry.AddFailure(telemetry.FetchFailures, credentials.AppId, kind);
        Log.FetchFailed(logger, credentials.AppId, SourceName, kind, failure);
        ledger.RecordFailure(credentials.Key, now);
    }

    /// <summary>The entry reached its real expiry: out of the store; if its refresh kept failing, its app has no token now.</summary>
    public void OnExpired(TokenEntry entry, DateTimeOffset now)
    {
        if (!store.TryRemove(entry))
        {
            return;
        }

        if (refresher.Forget(entry)?.IsFailing == true)
        {
            ledger.RecordFailure(entry.Key, now);
            Log.StaleTokenExpired(logger, entry.Key.AppId, SourceName, entry.ExpiresAt);
        }
    }

    /// <summary>
    /// Drops <paramref name="rejected"/> from every entry of its app id and remembers it; never passed on (a remote rejection
    /// arrived from the tier below, and a local one is passed on by <c>CachingWechatTokenProvider.InvalidateAsync</c>).
    /// </summary>
    public void Drop(string appId, WechatAccessToken rejected, bool remote)
    {
        var removed = store.RemoveToken(appId, rejected.Value);
        rejections.OnRejected(appId, rejected, dropped: removed.Count > 0, clock.Now());
        if (removed.Count == 0)
        {
            Log.InvalidationIgnored(logger, appId, SourceName);
            return;
        }

        foreach (var entry in removed)
        {
            refresher.Forget(entry);
            telemetry.Add(telemetry.Invalidations, appId);
        }

        if (remote)
        {
            Log.RemotelyInvalidated(logger, rejected.RedactedValue, appId, SourceName);
        }
        else
        {
            Log.Invalidated(logger, rejected.RedactedValue, appId, SourceName, removed.Count);
        }
    }

    public void OnRefused(TokenEntry entry)
    {
        telemetry.Add(telemetry.RefusedAdds, entry.Key.AppId);
        warnings.Refused();
    }

    public void OnEvicted(TokenEntry entry)
    {
        refresher.Forget(entry);
        telemetry.Add(telemetry.Evictions, entry.Key.AppId);
        warnings.Evicted();
    }

    public void Housekeep(DateTimeOffset now)
    {
        warnings.FlushIfDue();
        rejections.Purge(now);
    }

    public WechatTokenException RejectedTokenError(string appId, DateTimeOffset nextFetch) => new(
        $"WeChat rejected the access token of app {appId} (errcode 40001) and the token source '{SourceName}' has handed back no other; the next attempt is due at {nextFetch:O}.",
        WechatTokenSource.Wechat, WechatTokenErrorKind.UpstreamError, isTransient: true)
    {
        AppId = appId,
        WechatErrorCode = WechatErrorCodes.InvalidCredential,
    };
}
