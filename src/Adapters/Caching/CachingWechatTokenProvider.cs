using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.Caching.Internal;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// An <see cref="IWechatTokenProvider"/> that wraps another one (the source) and serves its tokens from a private,
/// bounded <see cref="MemoryCache"/>: lock-free, allocation-free hits; one upstream call per token however many
/// callers wait; refresh ahead of expiry in the background; fail-safe serving of still-valid tokens while upstream
/// is down; and compare-and-remove invalidation of tokens WeChat rejects.
/// </summary>
/// <remarks>
/// <para>
/// Each token has three moments (<see cref="WechatTokenCachingOptions"/>): before its soft moment it is served as is; from
/// there the next call starts one background refresh (attempts spaced by a bounded, jittered backoff) and still gets it at
/// once; after its hard moment it is served only as a fallback, when upstream, asked since the soft moment, failed or
/// handed back this same token; at its real expiry it is never served. The injected <see cref="TimeProvider"/>'s wall clock
/// is the truth: a hit compares the soft moment with a reading of it that a dedicated thread renews five times a second,
/// whatever timers and the thread pool do; every other path reads the clock itself.
/// </para>
/// <para>
/// Entries are keyed by <see cref="WechatAppCredentials.Key"/> (app id and a keyed fingerprint of the secret), so a caller
/// presenting a different secret never receives a cached token. A rejected token, though, belongs to the app: it is
/// dropped from every entry of its app id and not believed again when a source hands it back.
/// </para>
/// <para>
/// The parts, one file each under <c>Internal/</c>: <c>TokenStore</c> (the bounded store and the lock-free index hits read),
/// <c>WallClock</c> and <c>ClockHeartbeat</c> (the reading hits trust, and the thread that renews it), <c>Scheduler</c>
/// (one timer over a queue of moments, plus a heartbeat),
/// <c>SingleFlight</c> and <c>UpstreamFetch</c> (one fetch per app), <c>Refresher</c> (background refreshes and their
/// backoff), <c>RejectionMemory</c>, <c>HealthLedger</c> and <c>StoreWarnings</c>.
/// </para>
/// </remarks>
public sealed class CachingWechatTokenProvider : IWechatTokenProvider, IWechatTokenInvalidator, IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger;
    private readonly CachingTelemetry _telemetry;
    private readonly WallClock _clock;
    private readonly StoreWarnings _warnings;
    private readonly TokenStore _store;
    private readonly Scheduler _scheduler;
    private readonly SingleFlight _flights;
    private readonly Refresher _refresher;
    private readonly HealthLedger _ledger;
    private readonly RejectionMemory _rejections;
    private readonly TokenKeeper _keeper;
    private readonly IWechatTokenInvalidator? _innerInvalidator;
    private readonly IDisposable? _remoteRejections;
    private readonly CancellationTokenSource _disposeCts = new();
    private int _disposed;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">
    /// The source of tokens (GenAuth, WeChat, a fake, ...) or a shared tier over it. When it also implements
    /// <see cref="IWechatTokenRefresher"/>, fetches after a rejection go through <see cref="IWechatTokenRefresher.RefreshAsync"/>;
    /// <see cref="IWechatTokenInvalidator"/>, rejections are passed on to it; <see cref="IWechatTokenRejectionFeed"/>, tokens
    /// other instances saw rejected are dropped here too (locally only).
    /// </param>
    /// <param name="options">The caching options; validated here.</param>
    /// <param name="sourceName">The source's short name for logs and metrics, e.g. <c>"GenAuth"</c>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where logs go; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>GenAuth.Hexagonal</c> meter; a private meter when <see langword="null"/>.</param>
    /// <param name="jitter">
    /// Returns a number in [0, 1) that spreads retry delays (0.5 means no spread); <see cref="Random.Shared"/> when
    /// <see langword="null"/>. Inject a constant to make the backoff schedule deterministic in tests.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or <paramref name="sourceName"/> is empty.</exception>
    public CachingWechatTokenProvider(
        IWechatTokenProvider inner,
        IOptions<WechatTokenCachingOptions> options,
        string sourceName,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IMeterFactory? meterFactory = null,
        Func<double>? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        var value = options.Value ?? throw new ArgumentException("The options have no value.", nameof(options));
        var validation = WechatTokenCachingOptionsValidator.Instance.Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        var settings = value.Clone();
        var time = timeProvider ?? TimeProvider.System;
        var backoff = new RetryBackoff(settings, jitter ?? Random.Shared.NextDouble);
        var capacity = (int)Math.Min(settings.SizeLimit, int.MaxValue / 8);
        _logger = logger ?? NullLogger.Instance;
        _telemetry = new CachingTelemetry(meterFactory, sourceName, settings.IncludeAppIdInTelemetry);
        _clock = new WallClock(time);
        _warnings = new StoreWarnings(_logger, sourceName, settings.SizeLimit, time);
        _store = new TokenStore(settings.SizeLimit, e => _keeper!.OnRefused(e), e => _keeper!.OnEvicted(e));
        _scheduler = new Scheduler(
            time, settings.HeartbeatTimeProvider ?? TimeProvider.System, _clock, Math.Max(1024, capacity * 4),
            ex => Log.ScheduledWorkFailed(_logger, SourceName, ex));
        _flights = new SingleFlight(c => _keeper!.FetchAndApplyAsync(c), (c, e) => _keeper!.AlreadyFetched(c, e));
        _refresher = new Refresher(_scheduler, backoff, _telemetry, _logger, _flights.JoinOrStart, _store.Holds);
        _ledger = new HealthLedger(capacity, settings.FailureRetention);
        _rejections = new RejectionMemory(capacity, backoff, settings.RefreshRetryMaxDelay * 2);
        _keeper = new TokenKeeper(
            settings, _logger, _telemetry, _clock, _store, _scheduler, new UpstreamFetch(inner, _telemetry, time),
            _refresher, _ledger, _rejections, _warnings, _disposeCts.Token);
        new Housekeeping(_scheduler, _keeper.Housekeep).Start(_clock.Now());
        _innerInvalidator = inner as IWechatTokenInvalidator;
        _remoteRejections = (inner as IWechatTokenRejectionFeed)?.Subscribe(OnRemoteRejection);
    }

    /// <summary>The source's short name used in logs and metrics.</summary>
    public string SourceName => _telemetry.SourceName;

    /// <summary>How many tokens the cache holds.</summary>
    public long Count => _store.Count;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Gets the app's token: from the cache when it holds a usable one (synchronously, without allocating), otherwise
    /// from one upstream fetch shared by every caller waiting for the same app.
    /// </summary>
    /// <param name="credentials">The app id and secret.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the shared fetch goes on for the others.</param>
    /// <returns>The token.</returns>
    /// <exception cref="WechatTokenException">
    /// The fetch failed and no still-valid token is cached; or WeChat rejected the app's token, the source handed it back,
    /// and the next attempt is not due yet (transient, <see cref="WechatTokenException.WechatErrorCode"/> 40001).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="ObjectDisposedException">The decorator was disposed.</exception>
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);

        // The hit: one index lookup, and the soft moment compared with the published wall-clock reading.
        if (_store.TryGet(credentials.Key, out var entry) && _clock.IsBefore(entry.SoftUtcTicks))
        {
            if (_telemetry.Hits.Enabled)
            {
                _telemetry.Add(_telemetry.Hits, credentials.AppId);
            }

            return new ValueTask<WechatAccessToken>(entry.Token);
        }

        return GetAccessTokenSlow(credentials, cancellationToken);
    }

    /// <summary>
    /// Drops <paramref name="rejected"/> from every cached entry of its app id (whatever the secret) that still holds it
    /// (compare-and-remove: newer tokens are left alone), and remembers it, so that it is never served as fresh again even
    /// if the source hands it back; fetches for that app are then spaced by the refresh backoff.
    /// </summary>
    /// <param name="credentials">The app whose token WeChat rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends the wait for the tier below, when there is one (its own calls are short).</param>
    /// <returns>A task that completes once the tier below, if any, has been told (the local drop is immediate).</returns>
    /// <exception cref="ObjectDisposedException">The decorator was disposed.</exception>
    public ValueTask InvalidateAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        _keeper.Drop(credentials.AppId, rejected, remote: false);

        // A shared tier below (Redis) drops it for the fleet (compare-and-delete) and tells the other instances.
        return _innerInvalidator?.InvalidateAsync(credentials, rejected, cancellationToken) ?? ValueTask.CompletedTask;
    }

    /// <summary>Stops the scheduler and every background refresh, cancels fetches in flight and releases the cache.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _remoteRejections?.Dispose();
        _disposeCts.Cancel();
        _scheduler.Dispose();
        _refresher.Stop();
        _store.Dispose();
        _warnings.Flush(); // after the store: it counts nothing more once disposed
        _clock.Dispose();
        _telemetry.Dispose();
        _disposeCts.Dispose();
    }

    /// <summary>Stops the scheduler and every background refresh, cancels fetches in flight and releases the cache.</summary>
    /// <returns>A completed task: nothing is awaited.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal CacheHealthSnapshot GetHealthSnapshot()
    {
        var now = _clock.Read();
        return new CacheHealthSnapshot(now, _store.Count, _refresher.FailingAppIds(now), _ledger.Snapshot(), _ledger.Retention);
    }

    /// <summary>Another instance saw WeChat reject a token: drop it here if held (the notice carries its hash, not the token).</summary>
    private void OnRemoteRejection(WechatTokenRejection notice)
    {
        if (IsDisposed)
        {
            return;
        }

        var held = _store.FindToken(notice.AppId, token => notice.Matches(notice.AppId, token));
        if (held is not null)
        {
            _keeper.Drop(notice.AppId, held, remote: true);
        }
    }

    private ValueTask<WechatAccessToken> GetAccessTokenSlow(WechatAppCredentials credentials, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var now = _clock.Read();
        if (_store.TryGet(credentials.Key, out var entry))
        {
            if (now < entry.Soft)
            {
                return Serve(entry, credentials, stale: false);
            }

            if (now < entry.Hard)
            {
                _refresher.EnsureStarted(entry, credentials);
                return Serve(entry, credentials, stale: _refresher.IsFailing(entry));
            }

            if (now >= entry.ExpiresAt)
            {
                _keeper.OnExpired(entry, now); // the scheduler is late (a starved thread pool, a clock step): never serve it
            }
            else if (_refresher.AllowsFallback(entry))
            {
                return Serve(entry, credentials, stale: true);
            }
        }

        _ledger.Touch(credentials.Key, now);
        if (_rejections.MustWait(credentials.AppId, now, out var nextFetch))
        {
            return ValueTask.FromException<WechatAccessToken>(_keeper.RejectedTokenError(credentials.AppId, nextFetch));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<WechatAccessToken>(cancellationToken);
        }

        _telemetry.Add(_telemetry.Misses, credentials.AppId);
        return new ValueTask<WechatAccessToken>(WaitForFetchAsync(credentials, entry, cancellationToken));
    }

    private ValueTask<WechatAccessToken> Serve(TokenEntry entry, WechatAppCredentials credentials, bool stale)
    {
        _telemetry.Add(_telemetry.Hits, credentials.AppId);
        if (stale)
        {
            _telemetry.Add(_telemetry.StaleServed, credentials.AppId);
        }

        return new ValueTask<WechatAccessToken>(entry.Token);
    }

    private async Task<WechatAccessToken> WaitForFetchAsync(
        WechatAppCredentials credentials, TokenEntry? replacing, CancellationToken cancellationToken)
    {
        try
        {
            return await _flights.JoinOrStart(credentials, replacing).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested
                                && !IsDisposed
                                && _store.TryGet(credentials.Key, out var stale)
                                && _clock.Read() < stale.ExpiresAt)
        {
            // Fail-safe: the fetch failed, but the cached token is still valid (a rejected one is no longer cached).
            _telemetry.Add(_telemetry.Hits, credentials.AppId);
            _telemetry.Add(_telemetry.StaleServed, credentials.AppId);
            return stale.Token;
        }
    }
}
