using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// The miss path of the tier, for one app and one process-wide flight: read Redis (value and PTTL in one round trip);
/// serve a usable token; otherwise take the lease and fetch for the fleet, or wait for the instance that holds it (pub/sub
/// notice, and a poll since pub/sub is at most once), contending again when its lease lapses. A holder's write is a fencing
/// compare. While Redis is unavailable, the source answers (one fetch per app per process) or the call fails closed.
/// </summary>
internal sealed class FleetTokenFlow(
    IWechatTokenProvider inner,
    RedisTokenStore store,
    RedisConnection connection,
    NoticeHub notices,
    RedisWechatTokenOptions options,
    string kind,
    bool failClosed,
    TimeProvider timeProvider,
    ILogger logger,
    RedisTelemetry telemetry,
    CancellationToken disposeToken)
{
    public async Task<WechatAccessToken> RunAsync(WechatAppCredentials credentials, AppKeys app, WechatAccessToken? rejected)
    {
        if (!connection.IsAvailable)
        {
            return await BypassAsync(credentials).ConfigureAwait(false);
        }

        try
        {
            return await ThroughRedisAsync(credentials, app, rejected).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            return await BypassAsync(credentials).ConfigureAwait(false);
        }
    }

    private async Task<WechatAccessToken> ThroughRedisAsync(WechatAppCredentials credentials, AppKeys app, WechatAccessToken? rejected)
    {
        var skipHash = rejected is null ? null : WechatTokenRejection.HashOf(rejected);
        var waited = false;
        while (true)
        {
            disposeToken.ThrowIfCancellationRequested();
            var signal = notices.NextNotice(app.AppId);
            var owner = store.InstanceId + ":" + RandomNumberGenerator.GetHexString(8, lowercase: true);
            var result = await store.AcquireAsync(app, skipHash is null ? "get" : "skip", skipHash, owner).ConfigureAwait(false);
            var value = Open(app, result, out var missReason);
            if (value is null && missReason is "foreign" or "tampered" && result.Status is "hit" or "ahead")
            {
                // Unreadable for us: ask again, treating exactly that value as unusable.
                telemetry.Add(telemetry.Misses, app.AppId, RedisWechatTokenDiagnostics.MissReasonTagName, missReason);
                skipHash = result.TokenHash.IsNull ? string.Empty : (string?)result.TokenHash ?? string.Empty;
                continue;
            }

            switch (result.Status)
            {
                case "hit":
                    telemetry.Add(telemetry.Hits, app.AppId);
                    return value!.Token;
                case "ahead":
                    telemetry.Add(telemetry.Hits, app.AppId);
                    if (result.A == 1)
                    {
                        telemetry.Add(telemetry.LeasesLost, app.AppId);
                    }

                    return value!.Token;
                case "won":
                    telemetry.Add(telemetry.Misses, app.AppId, RedisWechatTokenDiagnostics.MissReasonTagName, missReason ?? "refresh");
                    telemetry.Add(telemetry.LeasesWon, app.AppId);
                    var fetched = await HoldAsync(credentials, app, result.A, owner, value, rejected).ConfigureAwait(false);
                    if (fetched is not null)
                    {
                        return fetched;
                    }

                    continue; // fenced: a newer holder exists; use its token
                case "held":
                    if (!waited)
                    {
                        waited = true;
                        telemetry.Add(telemetry.Misses, app.AppId, RedisWechatTokenDiagnostics.MissReasonTagName, missReason ?? "expiring");
                        telemetry.Add(telemetry.LeasesWaited, app.AppId);
                        Log.WaitingForHolder(logger, app.AppId, kind);
                    }

                    var notice = await WaitAsync(app.AppId, signal).ConfigureAwait(false);
                    if (notice is { Type: FleetNotice.Failed } && notice.Generation >= result.B)
                    {
                        return await AfterHolderFailedAsync(app, notice, rejected).ConfigureAwait(false);
                    }

                    continue;
                default:
                    throw new RedisUnavailableException("The acquire script answered an unknown status.") { ErrorType = "server" };
            }
        }
    }

    /// <summary>This instance holds the lease: fetch, then write with a fencing compare. Null when fenced out.</summary>
    private async Task<WechatAccessToken?> HoldAsync(
        WechatAppCredentials credentials, AppKeys app, long generation, string owner, OpenedValue? previous, WechatAccessToken? rejected)
    {
        Log.LeaseWon(logger, app.AppId, kind, generation);
        WechatAccessToken token;
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(disposeToken))
        {
            var renewing = RenewLoopAsync(app, owner, generation, renewal.Token);
            try
            {
                token = await FetchFromSourceAsync(credentials, app, owner, rejected).ConfigureAwait(false);
            }
            catch (Exception ex) when (!disposeToken.IsCancellationRequested)
            {
                await renewal.CancelAsync().ConfigureAwait(false);
                var errorKind = (ex as WechatTokenException)?.Kind ?? WechatTokenErrorKind.Unknown;
                try
                {
                    await store.FailAsync(app, generation, owner, errorKind, (ex as WechatTokenException)?.IsTransient ?? false).ConfigureAwait(false);
                }
                catch (RedisUnavailableException)
                {
                    // The lease lapses by itself.
                }

                if (previous is not null && previous.Token.ExpiresAt > timeProvider.GetUtcNow() && !IsRejected(previous.Token, rejected))
                {
                    Log.FetchFailedServingStale(logger, app.AppId, kind, errorKind, ex);
                    return previous.Token;
                }

                throw;
            }
            finally
            {
                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }
        }

        var now = timeProvider.GetUtcNow();
        var fields = new StoredFields(
            TokenCipher.FormatVersion, generation, token.ExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(),
            app.Fingerprint, WechatTokenRejection.HashOf(token));
        var ttl = token.ExpiresAt - now;
        long written;
        try
        {
            written = await store.WriteAsync(app, generation, owner, ttl, fields, TokenCipher.Seal(app, fields, token.Value)).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            Log.StoreFailed(logger, app.AppId, kind);
            return token;
        }

        switch (written)
        {
            case 1:
                Log.TokenStored(logger, app.AppId, kind, generation, ttl);
                return token;
            case 2:
                Log.TokenUnchanged(logger, app.AppId, kind);
                return token;
            case -1:
                Log.RejectedTokenReturned(logger, app.AppId, kind);
                return token;
            default:
                telemetry.Add(telemetry.FencedWrites, app.AppId);
                Log.WriteFenced(logger, app.AppId, kind, generation);
                return null;
        }
    }

    private async Task<WechatAccessToken> FetchFromSourceAsync(
        WechatAppCredentials credentials, AppKeys app, string owner, WechatAccessToken? rejected)
    {
        telemetry.Add(telemetry.Fetches, app.AppId);
        WechatAccessToken? token;
        if (rejected is not null && inner is IWechatTokenRefresher refresher)
        {
            long slot;
            try
            {
                slot = await store.ReserveForceAsync(app, owner, timeProvider.GetUtcNow()).ConfigureAwait(false);
            }
            catch (RedisUnavailableException)
            {
                slot = -4;
            }

            if (slot > 0)
            {
                telemetry.Add(telemetry.ForcedRefreshes, app.AppId, RedisWechatTokenDiagnostics.OutcomeTagName, "allowed");
                Log.ForceAllowed(logger, slot, app.AppId, kind);
                token = await refresher.RefreshAsync(credentials, rejected, disposeToken).ConfigureAwait(false);
            }
            else
            {
                telemetry.Add(telemetry.ForcedRefreshes, app.AppId, RedisWechatTokenDiagnostics.OutcomeTagName, "denied");
                Log.ForceDenied(logger, app.AppId, kind, slot switch
                {
                    -1 => "the fleet forced one less than ForceRefreshMinInterval ago",
                    -2 => "the fleet's daily limit is reached",
                    -3 => "this instance no longer holds the lease",
                    _ => "Redis did not answer",
                });
                token = await inner.GetAccessTokenAsync(credentials, disposeToken).ConfigureAwait(false);
            }
        }
        else
        {
            token = await inner.GetAccessTokenAsync(credentials, disposeToken).ConfigureAwait(false);
        }

        if (token is null)
        {
            throw new WechatTokenException(
                $"The token source ({kind}) returned no token for app {credentials.AppId}.",
                WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = credentials.AppId };
        }

        if (token.ExpiresAt <= timeProvider.GetUtcNow())
        {
            throw new WechatTokenException(
                $"The token source ({kind}) returned a token for app {credentials.AppId} that expired at {token.ExpiresAt:O}.",
                WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = credentials.AppId };
        }

        return token;
    }

    /// <summary>Renews the lease while this instance fetches, checking it still owns it; gives up after twice the lease.</summary>
    private async Task RenewLoopAsync(AppKeys app, string owner, long generation, CancellationToken cancellationToken)
    {
        var interval = options.LeaseDuration / 3;
        var limit = options.LeaseDuration * 2;
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                if (TimeProvider.System.GetElapsedTime(started) > limit)
                {
                    Log.RenewalGivenUp(logger, app.AppId, kind, limit);
                    return;
                }

                bool owned;
                try
                {
                    owned = await store.RenewAsync(app, owner).ConfigureAwait(false);
                }
                catch (RedisUnavailableException)
                {
                    continue;
                }

                if (!owned)
                {
                    Log.LeaseLost(logger, app.AppId, kind, generation);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for a notice about the app or one poll interval, whichever comes first (real time: it is about the network).</summary>
    private async Task<FleetNotice?> WaitAsync(string appId, Task<FleetNotice> signal)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(disposeToken);
        var delay = Task.Delay(options.PollInterval, poll.Token);
        var first = await Task.WhenAny(signal, delay).ConfigureAwait(false);
        if (first == signal)
        {
            await poll.CancelAsync().ConfigureAwait(false);
            return await signal.ConfigureAwait(false);
        }

        notices.Forget(appId, signal);
        disposeToken.ThrowIfCancellationRequested();
        return null;
    }

    /// <summary>The holder's fetch failed: a still-valid token in Redis is served; otherwise the waiters share the holder's error.</summary>
    private async Task<WechatAccessToken> AfterHolderFailedAsync(AppKeys app, FleetNotice notice, WechatAccessToken? rejected)
    {
        var result = await store.AcquireAsync(app, "read", null, store.InstanceId).ConfigureAwait(false);
        var value = Open(app, result, out _);
        if (value is not null && !IsRejected(value.Token, rejected))
        {
            telemetry.Add(telemetry.Hits, app.AppId);
            return value.Token;
        }

        var errorKind = Enum.TryParse<WechatTokenErrorKind>(notice.ErrorKind, out var parsed) ? parsed : WechatTokenErrorKind.Unknown;
        throw new WechatTokenException(
            $"Another instance's fetch of the WeChat access token for app {app.AppId} ({kind}) failed ({errorKind}), and Redis holds no usable token.",
            WechatTokenSource.Unknown, errorKind, notice.Transient) { AppId = app.AppId };
    }

    private async Task<WechatAccessToken> BypassAsync(WechatAppCredentials credentials)
    {
        if (failClosed)
        {
            telemetry.Add(telemetry.Bypasses, credentials.AppId, RedisWechatTokenDiagnostics.OutcomeTagName, "failed_closed");
            Log.FailedClosed(logger, kind, credentials.AppId);
            throw new WechatTokenException(
                $"Redis is unavailable, and the token source ({kind}) rotates the app's token on every fetch: no token for app {credentials.AppId} is fetched without the fleet's lease. Retry when Redis is back (or set Wechat:Redis:OutageBehavior to UseSource if this is the only instance).",
                WechatTokenSource.Unknown, WechatTokenErrorKind.Network, isTransient: true) { AppId = credentials.AppId };
        }

        // Never forced here: the fleet's count of forced refreshes lives in Redis.
        telemetry.Add(telemetry.Bypasses, credentials.AppId, RedisWechatTokenDiagnostics.OutcomeTagName, "source");
        telemetry.Add(telemetry.Fetches, credentials.AppId);
        return await inner.GetAccessTokenAsync(credentials, disposeToken).ConfigureAwait(false);
    }

    /// <summary>Authenticates and decrypts the value the script returned; null (with the reason) when it cannot be served.</summary>
    private OpenedValue? Open(AppKeys app, AcquireResult result, out string? missReason)
    {
        if (!result.HasValue)
        {
            missReason = "absent";
            return null;
        }

        if (!string.Equals((string?)result.Fingerprint, app.Fingerprint, StringComparison.Ordinal))
        {
            missReason = "foreign";
            Log.ForeignValue(logger, app.AppId, kind);
            return null;
        }

        missReason = "tampered";
        if (!string.Equals((string?)result.Version, TokenCipher.FormatVersion, StringComparison.Ordinal)
            || !TryLong(result.Generation, out var generation)
            || !TryLong(result.ExpiresAt, out var expiresAt)
            || !TryLong(result.FetchedAt, out var fetchedAt)
            || result.TokenHash.IsNull
            || result.Sealed.IsNull)
        {
            Log.TamperedValue(logger, app.AppId, kind);
            return null;
        }

        var fields = new StoredFields((string)result.Version!, generation, expiresAt, fetchedAt, app.Fingerprint, (string)result.TokenHash!);
        var plaintext = TokenCipher.Open(app, fields, (byte[])result.Sealed!);
        WechatAccessToken? token = null;
        if (plaintext is not null)
        {
            try
            {
                token = new WechatAccessToken(plaintext, timeProvider.GetUtcNow() + TimeSpan.FromMilliseconds(result.ValuePttl));
            }
            catch (ArgumentException)
            {
                token = null;
            }
        }

        if (token is null || !string.Equals(WechatTokenRejection.HashOf(token), fields.TokenHash, StringComparison.Ordinal))
        {
            Log.TamperedValue(logger, app.AppId, kind);
            return null;
        }

        missReason = result.Status is "won" or "held" ? "expiring" : null;
        return new OpenedValue(token, fields);
    }

    private static bool TryLong(RedisValue value, out long result) =>
        long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);

    private static bool IsRejected(WechatAccessToken token, WechatAccessToken? rejected) =>
        rejected is not null && string.Equals(token.Value, rejected.Value, StringComparison.Ordinal);
}
