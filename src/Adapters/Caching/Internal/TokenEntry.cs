using Microsoft.Extensions.Primitives;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// A cached token and where it stands on its timeline. The state is flipped by a timer at the soft, hard and
/// real-expiry moments, so a cache hit reads one field and no clock. The entry is also the <c>MemoryCache</c>
/// entry's expiration token: once it is dead, the cache drops exactly this entry (compare-and-remove).
/// </summary>
internal sealed class TokenEntry : IChangeToken
{
    public const int Fresh = (int)WechatTokenState.Fresh;
    public const int RefreshAhead = (int)WechatTokenState.RefreshAhead;
    public const int Expired = (int)WechatTokenState.Expired;
    public const int Dead = 3;

    private const int PlacementPending = 0;
    private const int PlacementStored = 1;
    private const int PlacementNotStored = 2;

    private readonly Lock _gate = new();
    private int _state;
    private int _refreshing;
    private int _failing;
    private int _placement;
    private int _retired;
    private ITimer? _timer;
    private Action<object?>? _changeCallback;
    private object? _changeCallbackState;

    public TokenEntry(WechatCredentialsKey key, WechatAccessToken token, WechatTokenTimeline timeline, int state)
    {
        Key = key;
        Token = token;
        Timeline = timeline;
        _state = state;
    }

    public WechatCredentialsKey Key { get; }

    public WechatAccessToken Token { get; }

    public WechatTokenTimeline Timeline { get; }

    /// <summary>Fresh, RefreshAhead, Expired (past hard, before real expiry) or Dead.</summary>
    public int State => Volatile.Read(ref _state);

    /// <summary>Whether a background refresh loop owns this entry (set once, never cleared).</summary>
    public bool IsRefreshing => Volatile.Read(ref _refreshing) != 0;

    /// <summary>Whether a refresh of this token has failed (the entry is being served stale).</summary>
    public bool IsFailing => Volatile.Read(ref _failing) != 0;

    public bool IsRetired => Volatile.Read(ref _retired) != 0;

    public bool WasStored => Volatile.Read(ref _placement) == PlacementStored;

    bool IChangeToken.HasChanged => Volatile.Read(ref _state) == Dead;

    bool IChangeToken.ActiveChangeCallbacks => true;

    /// <summary>Claims the one background refresh of this entry.</summary>
    public bool TryBeginRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

    /// <summary>Marks the entry as served stale; true the first time.</summary>
    public bool TryMarkFailing() => Interlocked.CompareExchange(ref _failing, 1, 0) == 0;

    /// <summary>Upstream answered again (with the same token): no longer stale. True if it was failing.</summary>
    public bool TryClearFailing() => Interlocked.CompareExchange(ref _failing, 0, 1) == 1;

    /// <summary>Records whether the cache took the entry; true for whoever decides first.</summary>
    public bool TrySetPlacement(bool stored) =>
        Interlocked.CompareExchange(ref _placement, stored ? PlacementStored : PlacementNotStored, PlacementPending) == PlacementPending;

    /// <summary>Moves the state forward (never back).</summary>
    public void AdvanceTo(int state)
    {
        var current = Volatile.Read(ref _state);
        while (current < state)
        {
            var seen = Interlocked.CompareExchange(ref _state, state, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Makes the entry dead (the cache drops it on its next look); true for whoever kills it first.</summary>
    public bool Kill()
    {
        if (Interlocked.Exchange(ref _state, Dead) == Dead)
        {
            return false;
        }

        Action<object?>? callback;
        object? state;
        lock (_gate)
        {
            callback = _changeCallback;
            state = _changeCallbackState;
            _changeCallback = null;
            _changeCallbackState = null;
        }

        callback?.Invoke(state);
        return true;
    }

    /// <summary>Kills the entry and stops its timer; true the first time. Returns whether it was failing.</summary>
    public bool TryRetire(out bool wasFailing)
    {
        wasFailing = false;
        if (Interlocked.Exchange(ref _retired, 1) != 0)
        {
            return false;
        }

        Kill();
        wasFailing = IsFailing;
        Interlocked.Exchange(ref _timer, null)?.Dispose();
        return true;
    }

    /// <summary>Starts the timer that flips the state; does nothing once retired.</summary>
    public void StartTimer(TimeProvider timeProvider, TimerCallback callback, TimeSpan dueTime)
    {
        var timer = timeProvider.CreateTimer(callback, this, dueTime, Timeout.InfiniteTimeSpan);
        Volatile.Write(ref _timer, timer);
        if (IsRetired)
        {
            Interlocked.Exchange(ref _timer, null)?.Dispose();
        }
    }

    public void Reschedule(TimeSpan dueTime) => Volatile.Read(ref _timer)?.Change(dueTime, Timeout.InfiniteTimeSpan);

    IDisposable IChangeToken.RegisterChangeCallback(Action<object?> callback, object? state)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _state) != Dead)
            {
                _changeCallback = callback;
                _changeCallbackState = state;
                return new ChangeCallbackRegistration(this);
            }
        }

        callback(state);
        return ChangeCallbackRegistration.None;
    }

    internal void Unregister()
    {
        lock (_gate)
        {
            _changeCallback = null;
            _changeCallbackState = null;
        }
    }
}
