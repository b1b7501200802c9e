using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The decorator's reading of the injected <see cref="TimeProvider"/>'s wall clock, shared with the hit path. A hit trusts
/// the last reading for at most <see cref="TrustMilliseconds"/> of <see cref="Environment.TickCount64"/> (about 5 ns to
/// read, against about 23 ns for the wall clock); after that, whatever timers did (a suspended process, a clock step, a
/// starved thread pool), the hit goes down the slow path, which reads the wall clock itself and publishes the reading.
/// The scheduler's heartbeat publishes a reading at least twice a second, and its timer one at every soft moment.
/// </summary>
internal sealed class WallClock
{
    /// <summary>How long a reading is trusted by the hit path, in milliseconds of <see cref="Environment.TickCount64"/>.</summary>
    public const long TrustMilliseconds = 1000;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _utcTicks;
    private long _trustedUntil = long.MinValue;

    public WallClock(TimeProvider time)
    {
        _time = time;
        Now();
    }

    /// <summary>
    /// Whether the trusted reading is before <paramref name="utcTicks"/>. Lock-free and allocation-free; false when the
    /// reading is older than <see cref="TrustMilliseconds"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsBefore(long utcTicks) =>
        Environment.TickCount64 < Volatile.Read(ref _trustedUntil) // acquire: the reading below is at least as new
        && Volatile.Read(ref _utcTicks) < utcTicks;

    /// <summary>Reads the wall clock and, unless another thread is publishing one right now, publishes the reading.</summary>
    public DateTimeOffset Now()
    {
        if (!_gate.TryEnter())
        {
            return _time.GetUtcNow();
        }

        try
        {
            // The tick is read first, so a reading is never trusted longer than TrustMilliseconds after it was taken.
            var tick = Environment.TickCount64;
            var now = _time.GetUtcNow();
            Volatile.Write(ref _utcTicks, now.UtcTicks);
            Volatile.Write(ref _trustedUntil, tick + TrustMilliseconds); // release: published after the reading
            return now;
        }
        finally
        {
            _gate.Exit();
        }
    }
}
