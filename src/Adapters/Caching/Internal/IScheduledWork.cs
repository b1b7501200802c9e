namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>Something the <see cref="Scheduler"/> runs at a moment of the injected clock.</summary>
internal interface IScheduledWork
{
    /// <summary>Whether running it would do nothing any more (the scheduler drops such work when its queue grows).</summary>
    bool IsObsolete { get; }

    /// <summary>Runs the work; <paramref name="now"/> is the wall clock read just before, at or after the moment.</summary>
    void Run(DateTimeOffset now);
}
