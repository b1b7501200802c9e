using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using GenAuth.Hexagonal.Adapters.Redis.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>
/// The shared tier for many instances: an <see cref="IWechatTokenProvider"/> that sits between the in-process cache (above)
/// and the source (below) and shares each app's token through Redis, so a fleet makes one upstream fetch per app per token
/// lifetime, a rejection seen by one instance reaches all, and Redis going away costs no caller a token.
/// </summary>
/// <remarks>
/// <para>
/// <b>In Redis</b>, per app and per kind of source (<see cref="SourceKind"/>: kinds never share a key), a hash under
/// <c>{prefix}:{appId}:{kind}:token</c> holding the format version, the fencing generation, the expiry and fetch time, a
/// fingerprint of the secret (HKDF from the secret and app id) and the token's SHA-256, and the token sealed with AES-256-GCM
/// under a key derived (HKDF) from the app secret and app id, every other field being associated data. Someone who reads
/// Redis sees no token; a value written under another secret, or changed in any way, reads as a miss (logged, never served).
/// The key expires with the token; readers take the remaining lifetime from its <c>PTTL</c>, read in the same round trip,
/// so instances' clocks may differ.
/// </para>
/// <para>
/// <b>One refresh per fleet</b>: when the value is missing, due for refresh or unusable, one instance takes the app's lease
/// (<c>SET NX PX</c>, twice <see cref="RedisWechatTokenOptions.FetchBudget"/>, renewed while it fetches) and the next
/// fencing generation (<c>INCR</c>); its write is a Lua compare that a newer holder's generation makes fail. The others serve
/// the still-valid token or wait for the holder (pub/sub notice, and a poll every
/// <see cref="RedisWechatTokenOptions.PollInterval"/>); when the lease lapses they contend for it. A forced refresh
/// (<see cref="IWechatTokenRefresher"/>) is asked of the source only by the lease holder, within the fleet's spacing and daily
/// count kept in Redis.
/// </para>
/// <para>
/// <b>Redis trouble</b>: every round trip has <see cref="RedisWechatTokenOptions.OperationTimeout"/>; after a failure the tier
/// stops using Redis until a probe answers, and calls go to the source (one fetch per app per process) or fail closed
/// (<see cref="RedisWechatTokenOptions.OutageBehavior"/>; closed by default for the sole-owner <c>/cgi-bin/token</c> kind).
/// </para>
/// </remarks>
public sealed class RedisWechatTokenProvider :
    IWechatTokenProvider, IWechatTokenInvalidator, IWechatTokenRefresher, IWechatTokenRejectionFeed, IAsyncDisposable
{
    private readonly IWechatTokenProvider _inner;
    private readonly RedisWechatTokenOptions _options;
    private readonly ILogger _logger;
    private readonly RedisTelemetry _telemetry;
    private readonly RedisConnection _connection;
    private readonly RedisTokenStore _store;
    private readonly NoticeHub _notices;
    private readonly FleetTokenFlow _flow;
    private readonly ConditionalWeakTable<WechatAppCredentials, AppKeys> _appKeys = [];
    private readonly ConcurrentDictionary<FlightKey, Task<WechatAccessToken>> _flights = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private int _disposed;

    /// <summary>Creates the tier over the application's Redis connection (not owned: the application disposes it).</summary>
    /// <param name="inner">The source (GenAuth, WeChat, ...): asked only by the lease holder, or while Redis is unavailable.</param>
    /// <param name="sourceKind">
    /// The kind of source, e.g. <see cref="RedisWechatTokenDefaults.GenAuthSourceKind"/>: different kinds never share a key.
    /// Lowercase letters, digits, <c>-</c> and <c>_</c>, at most 32 characters.
    /// </param>
    /// <param name="connection">The application's <see cref="IConnectionMultiplexer"/>.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock for expiries and the forced-refresh day; <see cref="TimeProvider.System"/> when <see langword="null"/>. Redis budgets and polls run on real time.</param>
    /// <param name="loggerFactory">Where logs go; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>GenAuth.Hexagonal</c> meter; a private meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options or <paramref name="sourceKind"/> are invalid.</exception>
    public RedisWechatTokenProvider(
        IWechatTokenProvider inner,
        string sourceKind,
        IConnectionMultiplexer connection,
        IOptions<RedisWechatTokenOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : this(inner, sourceKind, connection ?? throw new ArgumentNullException(nameof(connection)), null, options, timeProvider, loggerFactory, meterFactory)
    {
    }

    /// <summary>
    /// Creates the tier with a factory for its own Redis connection, called in the background (again, with backoff, until it
    /// succeeds); the tier owns and disposes the connection. Until it is made, calls are answered as during an outage.
    /// </summary>
    /// <param name="inner">The source (GenAuth, WeChat, ...): asked only by the lease holder, or while Redis is unavailable.</param>
    /// <param name="sourceKind">The kind of source, e.g. <see cref="RedisWechatTokenDefaults.GenAuthSourceKind"/>.</param>
    /// <param name="connectionFactory">Connects, e.g. <c>ct =&gt; ConnectionMultiplexer.ConnectAsync(configuration)</c>.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock for expiries and the forced-refresh day; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where logs go; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>GenAuth.Hexagonal</c> meter; a private meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options or <paramref name="sourceKind"/> are invalid.</exception>
    public RedisWechatTokenProvider(
        IWechatTokenProvider inner,
        string sourceKind,
        Func<CancellationToken, Task<IConnectionMultiplexer>> connectionFactory,
        IOptions<RedisWechatTokenOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : this(inner, sourceKind, null, connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory)), options, timeProvider, loggerFactory, meterFactory)
    {
    }

    private RedisWechatTokenProvider(
        IWechatTokenProvider inner,
        string sourceKind,
        IConnectionMultiplexer? connection,
        Func<CancellationToken, Task<IConnectionMultiplexer>>? connectionFactory,
        IOptions<RedisWechatTokenOptions> options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ValidateKind(sourceKind);
        var value = options.Value ?? throw new ArgumentException("The options have no value.", nameof(options));
        var validation = RedisWechatTokenOptionsValidator.Instance.Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        _inner = inner;
        _options = value.Clone();
        if (inner is IWechatTokenSourceInfo info)
        {
            // Without an explicit FetchBudget the lease follows the source's own budget, reloads included.
            _options.SourceFetchBudget = () => info.FetchBudget;
        }

        SourceKind = sourceKind;
        FailsClosed = _options.OutageBehavior == RedisOutageBehavior.FailClosed
            || (_options.OutageBehavior == RedisOutageBehavior.Default && sourceKind == RedisWechatTokenDefaults.WechatTokenSourceKind);
        _logger = (ILogger?)loggerFactory?.CreateLogger<RedisWechatTokenProvider>() ?? NullLogger.Instance;
        _telemetry = new RedisTelemetry(meterFactory, sourceKind, _options.IncludeAppIdInTelemetry);
        var instanceId = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var channel = _options.KeyPrefix + ":notices";
        _notices = new NoticeHub(sourceKind, instanceId, _logger, _telemetry);
        _connection = new RedisConnection(
            connection, connectionFactory, _options, channel, _notices.OnMessage,
            FailsClosed ? "failing closed" : "answered by the source", _logger, _telemetry);
        _store = new RedisTokenStore(_connection, _options, sourceKind, instanceId, RedisChannel.Literal(channel));
        _flow = new FleetTokenFlow(
            inner, _store, _connection, _notices, _options, sourceKind, FailsClosed,
            timeProvider ?? TimeProvider.System, _logger, _telemetry, _disposeCts.Token);
        _connection.Start();
    }

    /// <summary>The kind of source whose tokens this tier shares (e.g. <c>genauth</c>).</summary>
    public string SourceKind { get; }

    /// <summary>Whether calls fail closed while Redis is unavailable (see <see cref="RedisWechatTokenOptions.OutageBehavior"/>).</summary>
    public bool FailsClosed { get; }

    /// <summary>Whether the tier uses Redis right now (connected, and no failure since the last successful probe).</summary>
    public bool IsRedisAvailable => _connection.IsAvailable;

    /// <summary>Since when Redis has been unavailable, or <see langword="null"/> while it answers.</summary>
    public DateTimeOffset? RedisUnavailableSince => _connection.UnavailableSince;

    /// <summary>Whether the tier is subscribed to the fleet's notice channel (the multiplexer resubscribes after reconnecting).</summary>
    public bool IsSubscribedToNotices => _connection.IsSubscribed;

    /// <summary>
    /// Gets the app's token: from Redis when it holds a usable one (one round trip), otherwise from the fleet's single fetch
    /// (this instance's, when it wins the lease, or another's). Concurrent callers in this process share one flight.
    /// </summary>
    /// <param name="credentials">The app id and secret.</param>
    /// <param name="cancellationToken">Ends this caller's wait only.</param>
    /// <returns>The token; its expiry is this instance's clock plus the remaining lifetime Redis reported.</returns>
    /// <exception cref="WechatTokenException">The fetch failed (here or on the instance that held the lease), or the tier fails closed while Redis is unavailable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The tier was disposed.</exception>
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Join(credentials, null, cancellationToken);
    }

    /// <summary>
    /// Gets a token to replace <paramref name="rejected"/>: a newer token already in Redis without a fetch; otherwise the lease
    /// holder asks the source, forcing a refresh (when the source can) only within the fleet's spacing and daily count.
    /// </summary>
    /// <param name="credentials">The app whose token WeChat rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends this caller's wait only.</param>
    /// <returns>The token to use now.</returns>
    /// <exception cref="WechatTokenException">No token could be had.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The tier was disposed.</exception>
    public ValueTask<WechatAccessToken> RefreshAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        return Join(credentials, rejected, cancellationToken);
    }

    /// <summary>
    /// Removes <paramref name="rejected"/> from Redis if it is still the app's token there (compare-and-delete on its hash),
    /// remembers its hash so that no instance writes it back, and tells every other instance, whose
    /// <see cref="IWechatTokenRejectionFeed"/> raises it. A Redis failure is logged and counted, never thrown.
    /// </summary>
    /// <param name="credentials">The app whose token WeChat rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>A task that completes when Redis has answered or the budget ran out.</returns>
    /// <exception cref="ObjectDisposedException">The tier was disposed.</exception>
    public async ValueTask InvalidateAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_inner is IWechatTokenInvalidator innerInvalidator)
        {
            await innerInvalidator.InvalidateAsync(credentials, rejected, cancellationToken).ConfigureAwait(false);
        }

        if (!_connection.IsAvailable)
        {
            return;
        }

        var app = KeysOf(credentials);
        try
        {
            if (await _store.InvalidateAsync(app, WechatTokenRejection.HashOf(rejected)).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                _telemetry.Add(_telemetry.Invalidations, credentials.AppId);
                Log.Invalidated(_logger, rejected.RedactedValue, credentials.AppId, SourceKind);
            }
        }
        catch (RedisUnavailableException)
        {
            // Counted and logged by the connection; the other instances find out by their own rejections.
        }
    }

    /// <summary>
    /// Registers <paramref name="listener"/>, called once per rejection another instance reported (never for this instance's
    /// own <see cref="InvalidateAsync"/>). Listeners run on the Redis notice thread: they must not block.
    /// </summary>
    /// <param name="listener">Drops the token locally; must not call back into the tier.</param>
    /// <returns>A registration that stops the calls when disposed.</returns>
    public IDisposable Subscribe(Action<WechatTokenRejection> listener) => _notices.Subscribe(listener);

    /// <summary>Stops probing and renewing, cancels flights in flight, unsubscribes, and disposes a connection the tier made.</summary>
    /// <returns>A task that completes when the tier has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposeCts.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _telemetry.Dispose();
        _disposeCts.Dispose();
    }

    private ValueTask<WechatAccessToken> Join(WechatAppCredentials credentials, WechatAccessToken? rejected, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<WechatAccessToken>(cancellationToken);
        }

        var key = new FlightKey(credentials.Key, rejected is null ? null : WechatTokenRejection.HashOf(rejected));
        var flight = new TaskCompletionSource<WechatAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _flights.GetOrAdd(key, flight.Task);
        if (task == flight.Task)
        {
            // The flight outlives the caller that started it: do not capture its execution context.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => FlyAsync(key, credentials, rejected, flight), CancellationToken.None);
            }
        }

        return new ValueTask<WechatAccessToken>(cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task);
    }

    private async Task FlyAsync(FlightKey key, WechatAppCredentials credentials, WechatAccessToken? rejected, TaskCompletionSource<WechatAccessToken> flight)
    {
        try
        {
            var token = await _flow.RunAsync(credentials, KeysOf(credentials), rejected).ConfigureAwait(false);
            _flights.TryRemove(KeyValuePair.Create(key, flight.Task));
            flight.TrySetResult(token);
        }
        catch (Exception ex)
        {
            _flights.TryRemove(KeyValuePair.Create(key, flight.Task));
            flight.TrySetException(_disposeCts.IsCancellationRequested
                ? new ObjectDisposedException(nameof(RedisWechatTokenProvider), "The Redis token tier was disposed while a fetch was in flight.")
                : ex);
            _ = flight.Task.Exception; // observed: callers who stopped waiting must not cause UnobservedTaskException
        }
    }

    private AppKeys KeysOf(WechatAppCredentials credentials) =>
        _appKeys.GetValue(credentials, c => AppKeys.Derive(c, _options.KeyPrefix, SourceKind));

    private static void ValidateKind(string sourceKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKind);
        if (sourceKind.Length > 32 || !sourceKind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                "The source kind must be 1 to 32 lowercase letters, digits, '-' or '_' (for example \"genauth\").", nameof(sourceKind));
        }
    }

    /// <summary>One flight per app and per rejected token (by its hash: no token in a key or a ToString).</summary>
    private readonly record struct FlightKey(WechatCredentialsKey Credentials, string? RejectedHash);
}
