using System.Globalization;
using GenAuth.Hexagonal.Testing.Internal;

namespace GenAuth.Hexagonal.Testing;

/// <summary>
/// A scriptable, thread-safe <see cref="IWechatTokenProvider"/> for tests: records every call, answers
/// with scripted tokens and failures first (FIFO), then with a custom handler set by
/// <see cref="Respond"/>, and otherwise issues fresh tokens (<c>fake-token-000001</c>, <c>fake-token-000002</c>, ...)
/// valid for <see cref="TokenLifetime"/> from the <see cref="TimeProvider"/>'s current time.
/// </summary>
/// <remarks>
/// Order of a call: it is counted and recorded, then waits while a <see cref="HoldFetches"/> handle is
/// open (honouring its cancellation token), then takes the next scripted result, the handler's result or
/// the default one.
/// </remarks>
public sealed class FakeWechatTokenProvider : IWechatTokenProvider
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly Queue<ScriptedResult> _script = new();
    private readonly List<WechatAppCredentials> _calls = [];
    private Func<WechatAppCredentials, CancellationToken, ValueTask<WechatAccessToken>>? _handler;
    private TaskCompletionSource? _gate;
    private int _holds;
    private int _issued;
    private int _waiting;
    private int _callCount;
    private TimeSpan _tokenLifetime = TimeSpan.FromSeconds(7200);

    /// <summary>Creates a fake provider.</summary>
    /// <param name="timeProvider">The clock for default tokens' expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public FakeWechatTokenProvider(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The lifetime of tokens issued by the default behaviour. Default: 7200 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan TokenLifetime
    {
        get => _tokenLifetime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _tokenLifetime = value;
        }
    }

    /// <summary>How many times <see cref="GetAccessTokenAsync"/> has been called (counted on entry, before any hold).</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>How many calls are waiting right now because a <see cref="HoldFetches"/> handle is open.</summary>
    public int WaitingCount => Volatile.Read(ref _waiting);

    /// <summary>How many tokens the default behaviour has issued so far.</summary>
    public int IssuedCount => Volatile.Read(ref _issued);

    /// <summary>The credentials of every call, in call order (a snapshot).</summary>
    public IReadOnlyList<WechatAppCredentials> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Queues a token to be returned by a future call (FIFO, before the handler and the default behaviour).</summary>
    /// <param name="token">The token to return.</param>
    public void EnqueueToken(WechatAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        lock (_lock)
        {
            _script.Enqueue(new ScriptedResult(token, null));
        }
    }

    /// <summary>Queues a failure to be thrown by a future call (FIFO, before the handler and the default behaviour).</summary>
    /// <param name="exception">The exception to throw, typically a <see cref="WechatTokenException"/>.</param>
    public void EnqueueFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (_lock)
        {
            _script.Enqueue(new ScriptedResult(null, exception));
        }
    }

    /// <summary>
    /// Replaces the default behaviour with <paramref name="handler"/> (scripted results still come first).
    /// Pass <see langword="null"/> to restore the default behaviour.
    /// </summary>
    /// <param name="handler">Called with each call's credentials and cancellation token.</param>
    public void Respond(Func<WechatAppCredentials, CancellationToken, ValueTask<WechatAccessToken>>? handler)
    {
        lock (_lock)
        {
            _handler = handler;
        }
    }

    /// <summary>
    /// Makes calls wait until the returned handle is disposed (calls already waiting and new ones alike).
    /// A waiting call whose cancellation token fires ends with <see cref="OperationCanceledException"/>.
    /// Handles nest: calls proceed when every open handle has been disposed.
    /// </summary>
    /// <returns>The handle; disposing it more than once is harmless.</returns>
    public IDisposable HoldFetches()
    {
        lock (_lock)
        {
            if (_holds++ == 0)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new FetchHold(this);
    }

    /// <inheritdoc />
    public async ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Task? gate;
        lock (_lock)
        {
            _calls.Add(credentials);
            _callCount++;
            gate = _gate?.Task;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (gate is not null)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        Func<WechatAppCredentials, CancellationToken, ValueTask<WechatAccessToken>>? handler;
        lock (_lock)
        {
            if (_script.TryDequeue(out var scripted))
            {
                if (scripted.Exception is not null)
                {
                    throw scripted.Exception;
                }

                return scripted.Token!;
            }

            handler = _handler;
        }

        if (handler is not null)
        {
            return await handler(credentials, cancellationToken).ConfigureAwait(false);
        }

        var number = Interlocked.Increment(ref _issued);
        return new WechatAccessToken(
            "fake-token-" + number.ToString("D6", CultureInfo.InvariantCulture),
            _timeProvider.GetUtcNow() + _tokenLifetime);
    }

    internal void Release()
    {
        lock (_lock)
        {
            if (--_holds == 0)
            {
                _gate?.TrySetResult();
                _gate = null;
            }
        }
    }
}
