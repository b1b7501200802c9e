using System.Collections.Concurrent;
using System.Diagnostics;
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
/// With <c>L</c> the token's lifetime when fetched: fresh until <c>ExpiresAt − min(MaxRefreshAhead, L/5)</c>; then every
/// call still gets the cached token at once and one background refresh runs, its attempts spaced by a bounded,
/// jittered exponential backoff; after <c>ExpiresAt − min(MaxSafetyMargin, L/10)</c> callers wait for one shared fetch.
/// If a refresh fails while the cached token is still valid, that token keeps being served (and counted as stale)
/// until its real expiry; only then does the upstream error reach callers.
/// </para>
/// <para>
/// Entries are keyed by <see cref="WechatAppCredentials.Key"/> (app id and a keyed fingerprint of the secret), so a
/// caller presenting a different secret never receives a cached token. The moments are flipped by timers from the
/// injected <see cref="TimeProvider"/>, so a cache hit reads no clock.
/// </para>
/// <para>
/// Hits are served from a read index (a <see cref="ConcurrentDictionary{TKey, TValue}"/> lookup plus one state read:
/// no clock read, no shared write, no lock, no allocation), not from the <see cref="MemoryCache"/>. The
/// <see cref="MemoryCache"/> stays the bounded store: an entry is published in the index only once the store has
/// accepted it, and every path that drops or replaces it in the store (compaction, invalidation, replacement by a
/// refresh, expiry, disposal) removes exactly that entry from the index (compare-and-remove). Because hits no longer
/// touch the store, it does not see their recency: under size pressure its compaction evicts the least recently
/// <em>fetched</em> tokens, not the least recently used ones.
/// </para>
/// </remarks>
public sealed class CachingWechatTokenProvider : IWechatTokenProvider, IWechatTokenInvalidator, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);

    private readonly IWechatTokenProvider _inner;
    private readonly WechatTokenCachingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<double> _jitter;
    private readonly CachingTelemetry _telemetry;
    private readonly MemoryCache _cache;

    /// <summary>
    /// The hit path's read index: the entries the store (<see cref="_cache"/>) holds, published after the store
    /// accepted them and removed (compare-and-remove) whenever the store drops or replaces them, so it is bounded by
    /// the same SizeLimit. Readers may briefly see an entry the store has just dropped; they serve it only while its
    /// state says Fresh.
    /// </summary>
    private readonly ConcurrentDictionary<WechatCredentialsKey, TokenEntry> _index = new();
    private readonly ConcurrentDictionary<WechatCredentialsKey, TaskCompletionSource<WechatAccessToken>> _fetches = new();
    private readonly ConcurrentDictionary<WechatCredentialsKey, TokenEntry> _staleEntries = new();
    private readonly ConcurrentDictionary<WechatCredentialsKey, string> _appsWithoutToken = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly CancellationToken _disposeToken;
    private readonly TimerCallback _entryTimerCallback;
    private readonly PostEvictionCallbackRegistration _evictionCallback;
    private int _disposed;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The source of tokens (GenAuth, WeChat, a fake, ...).</param>
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

        _inner = inner;
        _options = value.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _jitter = jitter ?? Random.Shared.NextDouble;
        _telemetry = new CachingTelemetry(meterFactory, sourceName, _options.IncludeAppIdInTelemetry);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.SizeLimit });
        _disposeToken = _disposeCts.Token;
        _entryTimerCallback = state => OnEntryTimer((TokenEntry)state!);
        _evictionCallback = new PostEvictionCallbackRegistration { EvictionCallback = OnEvicted, State = this };
    }

    /// <summary>The source's short name used in logs and metrics.</summary>
    public string SourceName => _telemetry.SourceName;

    /// <summary>How many tokens the cache holds.</summary>
    public long Count => _cache.Count;

    /// <summary>
    /// Gets the app's token: from the cache when it holds a usable one (synchronously, without allocating), otherwise
    /// from one upstream fetch shared by every caller waiting for the same app.
    /// </summary>
    /// <param name="credentials">The app id and secret.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the shared fetch goes on for the others.</param>
    /// <returns>The token.</returns>
    /// <exception cref="WechatTokenException">The fetch failed and no still-valid token is cached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="ObjectDisposedException">The decorator was disposed.</exception>
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (_index.TryGetValue(credentials.Key, out var entry) && entry.State == TokenEntry.Fresh)
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
    /// Drops the cached token for <paramref name="credentials"/> only if it is still <paramref name="rejected"/>
    /// (compare-and-remove): a newer token fetched in the meantime is left alone.
    /// </summary>
    /// <param name="credentials">The app whose token WeChat rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Not used: the operation completes synchronously.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="ObjectDisposedException">The decorator was disposed.</exception>
    public ValueTask InvalidateAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // The index first: it may still hold an entry the store has just dropped (its eviction callback pending);
        // then the store, which may hold an entry not yet published in the index.
        if ((TryFindHolding(_index.TryGetValue(credentials.Key, out var indexed) ? indexed : null, rejected, out var entry)
             || TryFindHolding(_cache.TryGetValue(credentials.Key, out var value) ? value as TokenEntry : null, rejected, out entry))
            && entry.Kill())
        {
            _telemetry.Add(_telemetry.Invalidations, credentials.AppId);
            Log.Invalidated(_logger, rejected.RedactedValue, credentials.AppId, SourceName);
            Retire(entry);
        }
        else
        {
            Log.InvalidationIgnored(_logger, credentials.AppId, SourceName);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Stops every timer and background refresh, cancels fetches in flight and releases the cache.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposeCts.Cancel();
        foreach (var key in _cache.Keys)
        {
            if (_cache.TryGetValue(key, out var value) && value is TokenEntry entry)
            {
                entry.TryRetire(out _);
            }
        }

        foreach (var pair in _index)
        {
            Retire(pair.Value);
        }

        _cache.Dispose();
        _index.Clear();
        _telemetry.Dispose();
        _disposeCts.Dispose();
    }

    /// <summary>Stops every timer and background refresh, cancels fetches in flight and releases the cache.</summary>
    /// <returns>A completed task: nothing is awaited.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The state of the cached token for <paramref name="credentials"/>, for tests and diagnostics.</summary>
    internal bool TryGetState(WechatAppCredentials credentials, out WechatTokenState state)
    {
        if (_cache.TryGetValue(credentials.Key, out var value) && value is TokenEntry entry && entry.State != TokenEntry.Dead)
        {
            state = (WechatTokenState)entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>How many entries the hit path's read index holds, for tests.</summary>
    internal int IndexedCount => _index.Count;

    /// <summary>Whether the hit path's read index holds <paramref name="token"/> for <paramref name="credentials"/>, for tests.</summary>
    internal bool IsIndexed(WechatAppCredentials credentials, WechatAccessToken token) =>
        _index.TryGetValue(credentials.Key, out var entry)
        && string.Equals(entry.Token.Value, token.Value, StringComparison.Ordinal);

    internal CacheHealthSnapshot GetHealthSnapshot() => new(
        Volatile.Read(ref _disposed) != 0 ? 0 : _cache.Count,
        [.. _staleEntries.Values.Select(e => e.Key.AppId).Order(StringComparer.Ordinal)],
        [.. _appsWithoutToken.Values.Order(StringComparer.Ordinal)]);

    private static bool TryFindHolding(TokenEntry? candidate, WechatAccessToken token, out TokenEntry entry)
    {
        entry = candidate!;
        return candidate is not null && string.Equals(candidate.Token.Value, token.Value, StringComparison.Ordinal);
    }

    private ValueTask<WechatAccessToken> GetAccessTokenSlow(WechatAppCredentials credentials, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // The store is the source of truth off the hit path (it may hold an entry not yet published in the index).
        var entry = _cache.TryGetValue(credentials.Key, out var value) ? value as TokenEntry : null;
        if (entry is not null)
        {
            switch (entry.State)
            {
                case TokenEntry.Fresh:
                    return Serve(entry, credentials);
                case TokenEntry.RefreshAhead:
                    if (!entry.IsRefreshing && entry.TryBeginRefresh())
                    {
                        Log.RefreshAheadStarted(_logger, credentials.AppId, SourceName);
                        StartRefreshLoop(entry, credentials, completedAttempts: 0);
                    }

                    return Serve(entry, credentials);
                case TokenEntry.Expired when entry.IsRefreshing:
                    // Past the safety margin, but a background refresh owns this token (upstream failed or kept
                    // returning it): serve it until its real expiry rather than fetching once per call.
                    return Serve(entry, credentials);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<WechatAccessToken>(cancellationToken);
        }

        _telemetry.Add(_telemetry.Misses, credentials.AppId);
        return new ValueTask<WechatAccessToken>(WaitForFetchAsync(credentials, entry, cancellationToken));
    }

    private ValueTask<WechatAccessToken> Serve(TokenEntry entry, WechatAppCredentials credentials)
    {
        _telemetry.Add(_telemetry.Hits, credentials.AppId);
        if (entry.IsFailing)
        {
            _telemetry.Add(_telemetry.StaleServed, credentials.AppId);
        }

        return new ValueTask<WechatAccessToken>(entry.Token);
    }

    private async Task<WechatAccessToken> WaitForFetchAsync(
        WechatAppCredentials credentials, TokenEntry? replacing, CancellationToken cancellationToken)
    {
        var fetch = GetOrStartFetch(credentials, replacing);
        try
        {
            return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested
                                && Volatile.Read(ref _disposed) == 0
                                && TryGetUsable(credentials.Key, out var stale))
        {
            // Fail-safe: the fetch failed, but the cached token is still valid.
            _telemetry.Add(_telemetry.Hits, credentials.AppId);
            _telemetry.Add(_telemetry.StaleServed, credentials.AppId);
            return stale.Token;
        }
    }

    /// <summary>Joins the fetch in flight for the app, or starts one (single flight).</summary>
    private Task<WechatAccessToken> GetOrStartFetch(WechatAppCredentials credentials, TokenEntry? replacing)
    {
        var key = credentials.Key;
        while (true)
        {
            if (_fetches.TryGetValue(key, out var existing))
            {
                return existing.Task;
            }

            var fetch = new TaskCompletionSource<WechatAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_fetches.TryAdd(key, fetch))
            {
                continue;
            }

            // A fetch may have completed between the caller's miss and TryAdd: use its token instead of a new call.
            if (_cache.TryGetValue(key, out var value)
                && value is TokenEntry current
                && !ReferenceEquals(current, replacing)
                && current.State <= TokenEntry.RefreshAhead)
            {
                _fetches.TryRemove(KeyValuePair.Create(key, fetch));
                fetch.SetResult(current.Token);
                return fetch.Task;
            }

            _ = RunFetchAsync(credentials, fetch);
            return fetch.Task;
        }
    }

    private async Task RunFetchAsync(WechatAppCredentials credentials, TaskCompletionSource<WechatAccessToken> fetch)
    {
        var key = credentials.Key;
        var appId = credentials.AppId;
        _telemetry.Add(_telemetry.Fetches, appId);
        using var activity = _telemetry.StartFetchActivity(appId);
        var started = _timeProvider.GetTimestamp();
        try
        {
            WechatAccessToken token;
            try
            {
                token = await _inner.GetAccessTokenAsync(credentials, _disposeToken).ConfigureAwait(false)
                    ?? throw new WechatTokenException(
                        $"The token source '{SourceName}' returned no token for app {appId}.",
                        WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = appId };
            }
            catch (OperationCanceledException ex) when (!_disposeToken.IsCancellationRequested)
            {
                throw new WechatTokenException(
                    $"The token source '{SourceName}' timed out fetching a token for app {appId}.",
                    WechatTokenSource.Unknown, WechatTokenErrorKind.Timeout, isTransient: true, ex) { AppId = appId };
            }
            catch (Exception ex) when (ex is not WechatTokenException and not OperationCanceledException)
            {
                throw new WechatTokenException(
                    $"The token source '{SourceName}' failed fetching a token for app {appId} ({ex.GetType().Name}).",
                    WechatTokenSource.Unknown, WechatTokenErrorKind.Unknown, isTransient: false, ex) { AppId = appId };
            }

            _telemetry.Record(_telemetry.FetchDuration, _timeProvider.GetElapsedTime(started).TotalSeconds, appId);
            OnFetched(credentials, token);
            _fetches.TryRemove(KeyValuePair.Create(key, fetch));
            fetch.TrySetResult(token);
        }
        catch (Exception ex)
        {
            _telemetry.Record(_telemetry.FetchDuration, _timeProvider.GetElapsedTime(started).TotalSeconds, appId);
            Exception failure = _disposeToken.IsCancellationRequested
                ? new ObjectDisposedException(nameof(CachingWechatTokenProvider), "The WeChat token cache was disposed while a fetch was in flight.")
                : ex;
            var kind = (failure as WechatTokenException)?.Kind ?? WechatTokenErrorKind.Unknown;
            activity?.SetStatus(ActivityStatusCode.Error, CachingTelemetry.KindName(kind));
            activity?.SetTag(WechatTokenCachingDiagnostics.ErrorTypeTagName, CachingTelemetry.KindName(kind));
            try
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    OnFetchFailed(credentials, failure, kind);
                }
            }
            finally
            {
                // Whatever happens above, waiters must not hang and the failure must not stay cached.
                _fetches.TryRemove(KeyValuePair.Create(key, fetch));
                fetch.TrySetException(failure);
                _ = fetch.Task.Exception; // observed: callers who stopped waiting must not cause UnobservedTaskException
            }
        }
    }

    private void OnFetched(WechatAppCredentials credentials, WechatAccessToken token)
    {
        var key = credentials.Key;
        var now = _timeProvider.GetUtcNow();
        TryGetUsable(key, out var current);
        if (current is not null && string.Equals(current.Token.Value, token.Value, StringComparison.Ordinal))
        {
            // Upstream (GenAuth's central cache, stable_token) handed back the token we hold: keep its timeline, so
            // the safety margin is not eaten away, and let the background refresh try again after a backoff.
            if (current.TryClearFailing())
            {
                _staleEntries.TryRemove(KeyValuePair.Create(key, current));
                Log.Recovered(_logger, credentials.AppId, SourceName);
            }

            if (_appsWithoutToken.TryRemove(key, out _))
            {
                Log.Recovered(_logger, credentials.AppId, SourceName);
            }

            if (current.State >= TokenEntry.RefreshAhead && current.TryBeginRefresh())
            {
                StartRefreshLoop(current, credentials, completedAttempts: 1);
            }

            return;
        }

        if (token.ExpiresAt <= now)
        {
            throw new WechatTokenException(
                $"The token source '{SourceName}' returned a token for app {credentials.AppId} that expired at {token.ExpiresAt:O}.",
                WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = credentials.AppId };
        }

        var timeline = WechatTokenTimeline.Create(now, token.ExpiresAt, _options.MaxRefreshAhead, _options.MaxSafetyMargin);
        var entry = new TokenEntry(key, token, timeline, (int)timeline.StateAt(now));
        Store(entry, credentials.AppId, now);
        var recovered = false;
        if (current is not null)
        {
            recovered = current.IsFailing;
            Retire(current);
        }

        if (_appsWithoutToken.TryRemove(key, out _) || recovered)
        {
            Log.Recovered(_logger, credentials.AppId, SourceName);
        }

        Log.TokenCached(_logger, credentials.AppId, SourceName, token.ExpiresAt, timeline.RefreshAt);
    }

    private void Store(TokenEntry entry, string appId, DateTimeOffset now)
    {
        using (var cacheEntry = _cache.CreateEntry(entry.Key))
        {
            cacheEntry.Value = entry;
            cacheEntry.Size = 1;
            cacheEntry.ExpirationTokens.Add(entry);
            cacheEntry.PostEvictionCallbacks.Add(_evictionCallback);
        }

        var stored = _cache.TryGetValue(entry.Key, out var value) && ReferenceEquals(value, entry);
        if (!entry.TrySetPlacement(stored))
        {
            return; // the eviction callback got there first and has accounted for it
        }

        if (stored)
        {
            entry.StartTimer(_timeProvider, _entryTimerCallback, DueTime(entry, now));
            Publish(entry);
        }
        else
        {
            OnRefused(entry, appId);
        }
    }

    /// <summary>
    /// Publishes an entry the store accepted in the read index, replacing (atomically for readers) the entry it
    /// supersedes. If the entry was retired meanwhile (evicted, invalidated, expired, disposed), whoever retired it may
    /// have looked at the index before it was published: take it out again.
    /// </summary>
    private void Publish(TokenEntry entry)
    {
        _index[entry.Key] = entry;
        Interlocked.MemoryBarrier();
        if (entry.IsRetired || Volatile.Read(ref _disposed) != 0)
        {
            Retire(entry);
        }
    }

    private void OnRefused(TokenEntry entry, string appId)
    {
        _telemetry.Add(_telemetry.RefusedAdds, appId);
        Log.AddRefused(_logger, SourceName, _options.SizeLimit, appId);
        Retire(entry);
    }

    private static void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is not TokenEntry entry || state is not CachingWechatTokenProvider self)
        {
            return;
        }

        if (reason == EvictionReason.Capacity && Volatile.Read(ref self._disposed) == 0)
        {
            if (entry.TrySetPlacement(stored: false))
            {
                self.OnRefused(entry, entry.Key.AppId);
                return;
            }

            if (entry.WasStored && !entry.IsRetired)
            {
                self._telemetry.Add(self._telemetry.Evictions, entry.Key.AppId);
                Log.EntryEvicted(self._logger, self.SourceName, self._options.SizeLimit, entry.Key.AppId, reason);
            }
        }

        self.Retire(entry);
    }

    private void Retire(TokenEntry entry)
    {
        var retiredNow = entry.TryRetire(out var wasFailing);

        // After marking it retired (a full fence), and on every call, not only the first: Publish writes the index
        // and then reads IsRetired, this writes IsRetired and then the index, so one of the two takes it out.
        // Compare-and-remove: a newer entry published under the same key is left alone.
        _index.TryRemove(KeyValuePair.Create(entry.Key, entry));
        if (retiredNow && wasFailing)
        {
            _staleEntries.TryRemove(KeyValuePair.Create(entry.Key, entry));
        }
    }

    private void OnEntryTimer(TokenEntry entry)
    {
        if (entry.IsRetired || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        if (now >= entry.Token.ExpiresAt)
        {
            if (entry.IsFailing)
            {
                if (_appsWithoutToken.Count < _options.SizeLimit)
                {
                    _appsWithoutToken[entry.Key] = entry.Key.AppId;
                }

                Log.StaleTokenExpired(_logger, entry.Key.AppId, SourceName, entry.Token.ExpiresAt);
            }

            Retire(entry);
            return;
        }

        entry.AdvanceTo((int)entry.Timeline.StateAt(now));
        entry.Reschedule(DueTime(entry, now));
    }

    private static TimeSpan DueTime(TokenEntry entry, DateTimeOffset now)
    {
        var timeline = entry.Timeline;
        var next = now < timeline.RefreshAt ? timeline.RefreshAt
            : now < timeline.HardExpiresAt ? timeline.HardExpiresAt
            : timeline.ExpiresAt;
        var due = next - now;
        return due < MinimumTimerDelay ? MinimumTimerDelay : due;
    }

    private void OnFetchFailed(WechatAppCredentials credentials, Exception failure, WechatTokenErrorKind kind)
    {
        var key = credentials.Key;
        if (TryGetUsable(key, out var entry))
        {
            if (entry.TryMarkFailing())
            {
                _staleEntries[key] = entry;
                if (entry.IsRetired)
                {
                    _staleEntries.TryRemove(KeyValuePair.Create(key, entry));
                }
            }

            _telemetry.AddFailure(_telemetry.RefreshFailures, credentials.AppId, kind);
            Log.RefreshFailedServingStale(_logger, credentials.AppId, SourceName, kind, entry.Token.ExpiresAt, failure);
            if (entry.TryBeginRefresh())
            {
                StartRefreshLoop(entry, credentials, completedAttempts: 1);
            }

            return;
        }

        _telemetry.AddFailure(_telemetry.FetchFailures, credentials.AppId, kind);
        Log.FetchFailed(_logger, credentials.AppId, SourceName, kind, failure);
        if (_appsWithoutToken.Count < _options.SizeLimit)
        {
            _appsWithoutToken[key] = credentials.AppId;
        }
    }

    private bool TryGetUsable(WechatCredentialsKey key, out TokenEntry entry)
    {
        if (Volatile.Read(ref _disposed) == 0
            && _cache.TryGetValue(key, out var value)
            && value is TokenEntry found
            && found.State != TokenEntry.Dead)
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    private void StartRefreshLoop(TokenEntry entry, WechatAppCredentials credentials, int completedAttempts)
    {
        // The loop outlives the request that started it: do not capture its execution context.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RefreshLoopAsync(entry, credentials, completedAttempts));
        }
    }

    private async Task RefreshLoopAsync(TokenEntry entry, WechatAppCredentials credentials, int completedAttempts)
    {
        var attempt = completedAttempts;
        try
        {
            if (attempt > 0 && !await BackoffAsync(entry, attempt).ConfigureAwait(false))
            {
                return;
            }

            while (!entry.IsRetired && Volatile.Read(ref _disposed) == 0)
            {
                attempt++;
                _telemetry.Add(_telemetry.Refreshes, credentials.AppId);
                try
                {
                    var token = await GetOrStartFetch(credentials, entry).ConfigureAwait(false);
                    if (!string.Equals(token.Value, entry.Token.Value, StringComparison.Ordinal))
                    {
                        return; // renewed: the new entry replaced this one
                    }
                }
                catch (Exception) when (Volatile.Read(ref _disposed) == 0)
                {
                    // Counted and logged by the fetch; fail-safe keeps serving the entry.
                }

                if (!await BackoffAsync(entry, attempt).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception) when (Volatile.Read(ref _disposed) != 0)
        {
            // Disposal cancels the backoff delay and fetches in flight.
        }
        catch (Exception ex)
        {
            Log.RefreshLoopCrashed(_logger, credentials.AppId, SourceName, ex);
        }
    }

    /// <summary>Waits before the next refresh attempt; false when there should be none.</summary>
    private async Task<bool> BackoffAsync(TokenEntry entry, int failedAttempts)
    {
        if (entry.IsRetired || Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        var delay = ComputeRetryDelay(failedAttempts);
        if (_timeProvider.GetUtcNow() + delay >= entry.Token.ExpiresAt)
        {
            Log.RefreshGivenUp(_logger, entry.Key.AppId, SourceName, entry.Token.ExpiresAt);
            return false;
        }

        if (!entry.IsFailing)
        {
            Log.TokenUnchanged(_logger, SourceName, entry.Key.AppId, delay);
        }

        var wait = Task.Delay(delay, _timeProvider, _disposeToken);
        _telemetry.Record(_telemetry.RefreshRetryDelay, delay.TotalSeconds, entry.Key.AppId);
        await wait.ConfigureAwait(false);
        return !entry.IsRetired && Volatile.Read(ref _disposed) == 0;
    }

    /// <summary>Bounded exponential backoff with jitter: base × 2^(n−1), capped, spread by ±jitter.</summary>
    internal TimeSpan ComputeRetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var max = _options.RefreshRetryMaxDelay;
        var baseTicks = Math.Min((double)_options.RefreshRetryDelay.Ticks * Math.Pow(2, exponent), max.Ticks);
        var r = Math.Clamp(_jitter(), 0, 1);
        var spread = 1 + (_options.RefreshRetryJitter * ((2 * r) - 1));
        var ticks = Math.Min(baseTicks * spread, max.Ticks);
        return TimeSpan.FromTicks(Math.Max((long)ticks, MinimumTimerDelay.Ticks));
    }
}
