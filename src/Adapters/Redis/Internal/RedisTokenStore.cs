using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>The tier's round trips: one Lua script each, within the budget, in its own span (see <see cref="RedisConnection.RunAsync{T}"/>).</summary>
internal sealed class RedisTokenStore(RedisConnection connection, RedisWechatTokenOptions options, string kind, string instanceId, RedisChannel channel)
{
    private static readonly TimeSpan FenceLifetime = TimeSpan.FromDays(2);
    private static readonly TimeSpan ForceDayLifetime = TimeSpan.FromHours(48);

    public string InstanceId => instanceId;

    public Task<AcquireResult> AcquireAsync(AppKeys app, string mode, string? hash, string owner) =>
        connection.RunAsync("acquire", app.AppId, async db => AcquireResult.Parse(await db.ScriptEvaluateAsync(
            RedisScripts.Acquire,
            [app.Keys.Value, app.Keys.Lease, app.Keys.Fence, app.Keys.Pause],
            [
                owner,
                Ms(options.LeaseDuration),
                Ms(options.MaxRefreshAhead),
                Ms(options.MaxSafetyMargin),
                mode,
                hash ?? string.Empty,
                FenceSeed(),
                Ms(FenceLifetime),
            ]).ConfigureAwait(false)));

    /// <summary>1 written, 2 same token already held (fleet paused), 0 fenced, -1 the token was rejected by the fleet.</summary>
    public Task<long> WriteAsync(AppKeys app, long generation, string owner, TimeSpan ttl, StoredFields fields, byte[] sealedToken) =>
        connection.RunAsync("write", app.AppId, async db => (long)await db.ScriptEvaluateAsync(
            RedisScripts.Write,
            [app.Keys.Value, app.Keys.Lease, app.Keys.Fence, app.Keys.Pause, app.Keys.Rejected],
            [
                generation,
                owner,
                Math.Max(1, (long)ttl.TotalMilliseconds),
                fields.Version,
                fields.Fingerprint,
                fields.TokenHash,
                fields.ExpiresAtUnixMs,
                fields.FetchedAtUnixMs,
                sealedToken,
                channel.ToString(),
                Notice(new FleetNotice(instanceId, kind, app.AppId, FleetNotice.Written, generation)),
                Ms(options.RefreshRetryDelay),
                Ms(options.RefreshRetryMaxDelay),
                Jitter(),
            ]).ConfigureAwait(false));

    public Task<long> FailAsync(AppKeys app, long generation, string owner, WechatTokenErrorKind errorKind, bool transient) =>
        connection.RunAsync("fail", app.AppId, async db => (long)await db.ScriptEvaluateAsync(
            RedisScripts.Fail,
            [app.Keys.Value, app.Keys.Lease, app.Keys.Fence, app.Keys.Pause],
            [
                generation,
                owner,
                channel.ToString(),
                Notice(new FleetNotice(instanceId, kind, app.AppId, FleetNotice.Failed, generation, ErrorKind: WechatTokenDiagnostics.ErrorTypeOf(errorKind), Transient: transient)),
                Ms(options.RefreshRetryDelay),
                Ms(options.RefreshRetryMaxDelay),
                Jitter(),
            ]).ConfigureAwait(false));

    public Task<bool> RenewAsync(AppKeys app, string owner) =>
        connection.RunAsync("renew", app.AppId, async db => (long)await db.ScriptEvaluateAsync(
            RedisScripts.Renew, [app.Keys.Lease], [owner, Ms(options.LeaseDuration)]).ConfigureAwait(false) == 1);

    public Task<bool> InvalidateAsync(AppKeys app, string tokenHash) =>
        connection.RunAsync("invalidate", app.AppId, async db => (long)await db.ScriptEvaluateAsync(
            RedisScripts.Invalidate,
            [app.Keys.Value, app.Keys.Rejected],
            [
                tokenHash,
                Ms(options.RejectedTokenMemory),
                channel.ToString(),
                Notice(new FleetNotice(instanceId, kind, app.AppId, FleetNotice.Rejected, 0, TokenHash: tokenHash)),
            ]).ConfigureAwait(false) == 1);

    /// <summary>The day's count when a forced refresh is allowed; -1 too soon, -2 daily limit, -3 not the lease holder.</summary>
    public Task<long> ReserveForceAsync(AppKeys app, string owner, DateTimeOffset now) =>
        connection.RunAsync("force", app.AppId, async db => (long)await db.ScriptEvaluateAsync(
            RedisScripts.ReserveForce,
            [app.Keys.Lease, app.Keys.ForceSpacing, app.Keys.ForceDay(BeijingDay(now))],
            [owner, 0, Ms(options.ForceRefreshMinInterval), options.ForceRefreshDailyLimit, Ms(ForceDayLifetime)]).ConfigureAwait(false));

    /// <summary>WeChat counts forced refreshes per day in Beijing time (UTC+8).</summary>
    internal static string BeijingDay(DateTimeOffset now) =>
        now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static long Ms(TimeSpan value) => Math.Max(1, (long)value.TotalMilliseconds);

    /// <summary>Where a lost fence key starts again: a random point far above any count reached before, so generations never repeat.</summary>
    private static long FenceSeed() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4096L;

    private static string Jitter() => (0.8 + (Random.Shared.NextDouble() * 0.4)).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Notice(FleetNotice notice) => JsonSerializer.Serialize(notice, RedisJsonContext.Default.FleetNotice);
}
