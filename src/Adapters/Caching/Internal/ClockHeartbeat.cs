namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// One background thread per process (not a thread-pool thread, not a timer: a starved thread pool or a late timer does
/// not delay it) that publishes a fresh reading of every live <see cref="WallClock"/> every <see cref="Period"/>. Clocks
/// are held weakly, so a decorator nobody disposed can still be collected; the thread ends when no clock is left and
/// starts again with the next one.
/// </summary>
internal static class ClockHeartbeat
{
    /// <summary>How often each clock's reading is published.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    private static readonly Lock Gate = new();
    private static readonly List<WeakReference<WallClock>> Clocks = [];
    private static bool _running;

    public static void Register(WallClock clock)
    {
        lock (Gate)
        {
            Clocks.Add(new WeakReference<WallClock>(clock));
            if (_running)
            {
                return;
            }

            _running = true;
        }

        using (ExecutionContext.SuppressFlow())
        {
            new Thread(Run)
            {
                IsBackground = true,
                Name = "GenAuth.Hexagonal wall clock",
                Priority = ThreadPriority.AboveNormal,
            }.Start();
        }
    }

    public static void Unregister(WallClock clock)
    {
        lock (Gate)
        {
            Clocks.RemoveAll(r => !r.TryGetTarget(out var c) || ReferenceEquals(c, clock));
        }
    }

    private static void Run()
    {
        var live = new List<WallClock>();
        while (true)
        {
            lock (Gate)
            {
                Clocks.RemoveAll(r => !r.TryGetTarget(out _));
                if (Clocks.Count == 0)
                {
                    _running = false;
                    return;
                }

                foreach (var reference in Clocks)
                {
                    if (reference.TryGetTarget(out var clock))
                    {
                        live.Add(clock);
                    }
                }
            }

            foreach (var clock in live)
            {
                try
                {
                    clock.Now();
                }
                catch (Exception)
                {
                    // A custom TimeProvider that throws must not stop the others' readings; its callers see the error.
                }
            }

            live.Clear();
            Thread.Sleep(Period);
        }
    }
}
