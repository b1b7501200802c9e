namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>Recurring work on the scheduler, every <see cref="StoreWarnings.Interval"/> of the injected clock.</summary>
internal sealed class Housekeeping(Scheduler scheduler, Action<DateTimeOffset> work) : IScheduledWork
{
    public bool IsObsolete => false;

    public void Start(DateTimeOffset now) => scheduler.Schedule(now + StoreWarnings.Interval, this);

    public void Run(DateTimeOffset now)
    {
        try
        {
            work(now);
        }
        finally
        {
            Start(now);
        }
    }
}
