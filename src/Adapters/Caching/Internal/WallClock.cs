using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The decorator's reading of the injected <see cref="TimeProvider"/>'s wall clock, shared with the hit path, which
/// compares a token's soft moment with it (one field read: about 23 ns less than reading the clock). The reading is
/// published by <see cref="ClockHeartbeat"/>'s own thread every <see cref="ClockHeartbeat.Period"/> whatever timers and
/// the thread pool do, by the scheduler at every moment it reaches, and by every fetch. A clock step or the end of a
/// suspension is therefore seen by hits within a period of running time; a call that misses reads the clock itself.
/// </summary>
internal sealed class WallClock : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _utcTicks;

    public WallClock(TimeProvider time)
    {
        _time = time;
        Now();
        ClockHeartbeat.Register(this);
    }

    /// <summary>Whether the published reading is before <paramref name="utcTicks"/>. Lock-free and allocation-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsBefore(long utcTicks) => Volatile.Read(ref _utcTicks) < utcTicks;

    /// <summary>Reads the wall clock and publishes the reading for the hit path.</summary>
    /// <remarks>
    /// Readings are taken and published under one lock, so a reading taken earlier (by the heartbeat thread, say) is never
    /// published over a later one (the scheduler's, at a soft moment). Only the heartbeat, the scheduler and fetches
    /// publish; the slow path of a call reads the clock without publishing (<see cref="Read"/>), so callers never queue here.
    /// </remarks>
    public DateTimeOffset Now()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Volatile.Write(ref _utcTicks, now.UtcTicks);
            return now;
        }
    }

    /// <summary>Reads the wall clock without publishing the reading.</summary>
    public DateTimeOffset Read() => _time.GetUtcNow();

    public void Dispose() => ClockHeartbeat.Unregister(this);
}
