using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// The tier's view of Redis: the multiplexer (given, or made by a factory and owned), whether Redis is available, the
/// budget of every round trip, the probe that finds Redis again after a failure, and the notice channel subscription.
/// StackExchange.Redis reconnects and resubscribes by itself; this adds the budget, the health state and a subscription
/// retry when the first one could not be made.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<IConnectionMultiplexer>>? _factory;
    private readonly RedisWechatTokenOptions _options;
    private readonly ILogger _logger;
    private readonly RedisTelemetry _telemetry;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private readonly string _behavior;
    private readonly CancellationTokenSource _stop = new();
    private IConnectionMultiplexer? _multiplexer;
    private int _suspect;
    private int _probing;
    private int _subscribed;
    private int _reported;
    private long _unavailableSinceTicks;
    private Task _background = Task.CompletedTask;

    public RedisConnection(
        IConnectionMultiplexer? multiplexer,
        Func<CancellationToken, Task<IConnectionMultiplexer>>? factory,
        RedisWechatTokenOptions options,
        string channel,
        Action<RedisChannel, RedisValue> onMessage,
        string behavior,
        ILogger logger,
        RedisTelemetry telemetry)
    {
        _multiplexer = multiplexer;
        _factory = factory;
        _options = options;
        _channel = RedisChannel.Literal(channel);
        _onMessage = onMessage;
        _behavior = behavior;
        _logger = logger;
        _telemetry = telemetry;
        if (multiplexer is null)
        {
            _suspect = 1;
            _unavailableSinceTicks = DateTimeOffset.UtcNow.UtcTicks;
        }
    }

    /// <summary>Whether Redis calls should be tried: connected, and no failure since the last successful probe.</summary>
    public bool IsAvailable => Volatile.Read(ref _suspect) == 0 && Volatile.Read(ref _multiplexer) is { IsConnected: true };

    /// <summary>Since when Redis has been unavailable (UTC, real time), or null.</summary>
    public DateTimeOffset? UnavailableSince
    {
        get
        {
            if (IsAvailable)
            {
                return null;
            }

            var ticks = Interlocked.Read(ref _unavailableSinceTicks);
            return ticks == 0 ? DateTimeOffset.UtcNow : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public bool IsSubscribed => Volatile.Read(ref _subscribed) != 0;

    public void Start()
    {
        var multiplexer = _multiplexer;
        if (multiplexer is not null)
        {
            Hook(multiplexer);
            _background = Task.Run(() => SubscribeAsync(multiplexer));
        }
        else
        {
            _background = Task.Run(ConnectLoopAsync);
        }
    }

    /// <summary>
    /// One round trip within the budget, in its own span. Any failure or timeout marks Redis unavailable (until a probe
    /// answers), is counted and logged once per outage, and surfaces as <see cref="RedisUnavailableException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, string appId, Func<IDatabase, Task<T>> call)
    {
        var multiplexer = Volatile.Read(ref _multiplexer);
        if (multiplexer is null || !IsAvailable)
        {
            throw new RedisUnavailableException("Redis is unavailable.") { ErrorType = "unavailable" };
        }

        using var activity = _telemetry.StartRoundTrip(operation, appId);
        Task<T> pending;
        try
        {
            pending = call(multiplexer.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or InvalidOperationException)
        {
            throw Failed(ex, activity, appId);
        }

        try
        {
            return await pending.WaitAsync(_options.OperationTimeout, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException
                                   || (ex is OperationCanceledException && _stop.IsCancellationRequested))
        {
            // The command may still complete or fail later: observe it so it never becomes an unobserved exception.
            _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw Failed(ex, activity, appId);
        }
    }

    /// <summary>Marks Redis unavailable and starts the probe (idempotent).</summary>
    public void ReportFailure(string errorType, Exception? exception)
    {
        if (Interlocked.Exchange(ref _suspect, 1) == 0)
        {
            Interlocked.Exchange(ref _unavailableSinceTicks, DateTimeOffset.UtcNow.UtcTicks);
        }

        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            Log.RedisUnavailable(_logger, _telemetry.Kind, errorType, _behavior, exception);
        }

        StartProbe();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _background.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var multiplexer = Volatile.Read(ref _multiplexer);
        if (multiplexer is not null)
        {
            Unhook(multiplexer);
            if (IsSubscribed && multiplexer.IsConnected)
            {
                try
                {
                    await multiplexer.GetSubscriber().UnsubscribeAsync(_channel, _onMessage).WaitAsync(_options.OperationTimeout).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
                {
                    // Best effort: the server forgets the subscription when the connection closes.
                }
            }

            if (_factory is not null)
            {
                await multiplexer.DisposeAsync().ConfigureAwait(false);
            }
        }

        _stop.Dispose();
    }

    private RedisUnavailableException Failed(Exception ex, Activity? activity, string appId)
    {
        var errorType = ex switch
        {
            TimeoutException or RedisTimeoutException => "timeout",
            RedisConnectionException => "connection",
            RedisServerException => "server",
            _ => "unavailable",
        };
        activity?.SetStatus(ActivityStatusCode.Error, errorType);
        activity?.SetTag(RedisWechatTokenDiagnostics.ErrorTypeTagName, errorType);
        _telemetry.Add(_telemetry.Errors, appId, RedisWechatTokenDiagnostics.ErrorTypeTagName, errorType);
        ReportFailure(errorType, ex);
        return new RedisUnavailableException("A Redis round trip failed: " + errorType + ".", ex) { ErrorType = errorType };
    }

    private void StartProbe()
    {
        if (_stop.IsCancellationRequested || Interlocked.Exchange(ref _probing, 1) != 0)
        {
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(ProbeLoopAsync);
        }
    }

    private async Task ProbeLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var multiplexer = Volatile.Read(ref _multiplexer);
                if (multiplexer is { IsConnected: true } && await PingAsync(multiplexer).ConfigureAwait(false))
                {
                    if (!IsSubscribed)
                    {
                        await SubscribeAsync(multiplexer).ConfigureAwait(false);
                    }

                    Volatile.Write(ref _probing, 0);
                    if (Interlocked.Exchange(ref _suspect, 0) == 1)
                    {
                        Interlocked.Exchange(ref _reported, 0);
                        Log.RedisRestored(_logger, _telemetry.Kind);
                    }

                    return;
                }

                await Task.Delay(_options.ProbeInterval, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private async Task<bool> PingAsync(IConnectionMultiplexer multiplexer)
    {
        using var activity = _telemetry.StartRoundTrip("probe", string.Empty);
        Task<TimeSpan>? pending = null;
        try
        {
            pending = multiplexer.GetDatabase().PingAsync();
            await pending.WaitAsync(_options.OperationTimeout, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            _ = pending?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            activity?.SetStatus(ActivityStatusCode.Error, "probe failed");
            return false;
        }
    }

    private async Task SubscribeAsync(IConnectionMultiplexer multiplexer)
    {
        if (IsSubscribed || _stop.IsCancellationRequested)
        {
            return;
        }

        var subscriber = multiplexer.GetSubscriber();
        try
        {
            // A subscribe that ran out of budget may still have been registered: remove it first, so no handler runs twice.
            await subscriber.UnsubscribeAsync(_channel, _onMessage).WaitAsync(_options.OperationTimeout, _stop.Token).ConfigureAwait(false);
            await subscriber.SubscribeAsync(_channel, _onMessage).WaitAsync(_options.OperationTimeout, _stop.Token).ConfigureAwait(false);
            Volatile.Write(ref _subscribed, 1);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Log.SubscribeFailed(_logger, _telemetry.Kind, ex);
            ReportFailure("subscribe", ex);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ConnectLoopAsync()
    {
        var delay = _options.ProbeInterval;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await _factory!(_stop.Token).ConfigureAwait(false);
                Volatile.Write(ref _multiplexer, multiplexer);
                Hook(multiplexer);
                if (multiplexer.IsConnected && await PingAsync(multiplexer).ConfigureAwait(false))
                {
                    await SubscribeAsync(multiplexer).ConfigureAwait(false);
                    if (IsSubscribed && Interlocked.Exchange(ref _suspect, 0) == 1)
                    {
                        Log.RedisRestored(_logger, _telemetry.Kind);
                    }
                }

                if (!IsAvailable)
                {
                    ReportFailure("connection", null);
                }

                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ConnectFailed(_logger, _telemetry.Kind, delay, ex);
                try
                {
                    await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void Hook(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
    }

    private void Unhook(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // A lost subscription connection is restored (and resubscribed) by the multiplexer; waiters poll meanwhile.
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            ReportFailure("connection", e.Exception);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Volatile.Read(ref _suspect) != 0)
        {
            StartProbe();
        }
    }
}
