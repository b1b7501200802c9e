namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The decorator's one scheduler: a priority queue of moments on the injected clock (soft moments, real expiries, refresh
/// attempts, housekeeping), served by one timer of the injected <see cref="TimeProvider"/> armed for the next moment (so
/// <c>FakeTimeProvider.Advance</c> stays precise) and by a heartbeat on real time that ticks twice a second whatever that
/// timer does. Each tick publishes a fresh <see cref="WallClock"/> reading and runs every moment the wall clock has
/// reached, so a clock step or a late timer delays no moment by more than half a second. Due times are clamped to a day,
/// below the ~49.7-day limit of runtime timers; the timer then ticks and re-arms, so any moment, however far, is reached.
/// Correctness never waits for a tick: the slow path reads the wall clock itself.
/// </summary>
internal sealed class Scheduler : IDisposable
{
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxDueTime = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinDueTime = TimeSpan.FromTicks(1);

    private readonly PriorityQueue<IScheduledWork, long> _queue = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly WallClock _clock;
    private readonly Action<Exception> _onError;
    private readonly int _minCompactionThreshold;
    private readonly ITimer _timer;
    private readonly ITimer _heartbeat;
    private int _compactionThreshold;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public Scheduler(TimeProvider time, TimeProvider heartbeatTime, WallClock clock, int compactionThreshold, Action<Exception> onError)
    {
        _time = time;
        _clock = clock;
        _onError = onError;
        _minCompactionThreshold = _compactionThreshold = compactionThreshold;

        // The timers hold the scheduler weakly: a decorator nobody disposed can still be collected (its timers with it).
        var self = new WeakReference<Scheduler>(this);
        TimerCallback tick = static state =>
        {
            if (((WeakReference<Scheduler>)state!).TryGetTarget(out var scheduler))
            {
                scheduler.Tick();
            }
        };
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(tick, self, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _heartbeat = heartbeatTime.CreateTimer(tick, self, HeartbeatPeriod, HeartbeatPeriod);
        }
    }

    /// <summary>Queues <paramref name="work"/> to run once the injected clock reaches <paramref name="at"/>.</summary>
    public void Schedule(DateTimeOffset at, IScheduledWork work)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _queue.Enqueue(work, at.UtcTicks);
            if (_queue.Count > _compactionThreshold)
            {
                Compact();
            }

            if (at.UtcTicks < _armedFor)
            {
                Arm(_time.GetUtcNow());
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
        _heartbeat.Dispose();
    }

    /// <summary>Runs every moment the wall clock has reached, on whichever timer fired.</summary>
    internal void Tick()
    {
        List<IScheduledWork>? due = null;
        DateTimeOffset now;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            now = _clock.Now();
            while (_queue.TryPeek(out var work, out var at) && at <= now.UtcTicks)
            {
                _queue.Dequeue();
                if (!work.IsObsolete)
                {
                    (due ??= []).Add(work);
                }
            }

            Arm(now);
        }

        if (due is null)
        {
            return;
        }

        foreach (var work in due)
        {
            try
            {
                work.Run(now);
            }
            catch (Exception ex)
            {
                _onError(ex);
            }
        }
    }

    private void Arm(DateTimeOffset now)
    {
        if (!_queue.TryPeek(out _, out var next))
        {
            _armedFor = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = TimeSpan.FromTicks(Math.Max(next - now.UtcTicks, 0));
        due = due < MinDueTime ? MinDueTime : due > MaxDueTime ? MaxDueTime : due;
        _armedFor = now.UtcTicks + due.Ticks;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Drops obsolete moments (tokens replaced, evicted or invalidated before their moments came).</summary>
    private void Compact()
    {
        var live = new List<(IScheduledWork, long)>(_queue.Count);
        foreach (var (work, at) in _queue.UnorderedItems)
        {
            if (!work.IsObsolete)
            {
                live.Add((work, at));
            }
        }

        _queue.Clear();
        _queue.EnqueueRange(live);
        _compactionThreshold = Math.Max(_minCompactionThreshold, live.Count * 2);
    }
}
