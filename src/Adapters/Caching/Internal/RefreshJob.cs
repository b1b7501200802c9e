namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The one background refresh of one cached entry: how many attempts upstream has answered without a newer token,
/// whether the last of them failed (the entry is served stale), and whether the next attempt is scheduled.
/// </summary>
internal sealed class RefreshJob(Refresher owner, TokenEntry entry, WechatAppCredentials credentials) : IScheduledWork
{
    private readonly Lock _gate = new();
    private int _answers;
    private bool _failing;
    private bool _scheduled;
    private volatile bool _forgotten;

    public TokenEntry Entry { get; } = entry;

    public WechatAppCredentials Credentials { get; } = credentials;

    /// <summary>Whether upstream has been asked since the soft moment and had no newer token (it failed or answered this one).</summary>
    public bool HasAnswer => Volatile.Read(ref _answers) > 0;

    /// <summary>Whether the last answer was a failure: the entry is served stale (fail-safe).</summary>
    public bool IsFailing
    {
        get
        {
            lock (_gate)
            {
                return _failing;
            }
        }
    }

    public bool IsObsolete => _forgotten;

    /// <summary>
    /// Records an answer without a newer token. Returns the number of such answers so far, whether this one ended a run of
    /// failures, and whether the caller should schedule the next attempt (none is scheduled yet).
    /// </summary>
    public (int Answers, bool Recovered, bool Schedule) RecordAnswer(bool failed)
    {
        lock (_gate)
        {
            var recovered = _failing && !failed;
            _failing = failed;
            var schedule = !_scheduled;
            _scheduled = true;
            return (Interlocked.Increment(ref _answers), recovered, schedule);
        }
    }

    /// <summary>No further attempt will run (the token expires first).</summary>
    public void Unschedule()
    {
        lock (_gate)
        {
            _scheduled = false;
        }
    }

    public void Forget() => _forgotten = true;

    public void Run(DateTimeOffset now)
    {
        Unschedule();
        owner.Attempt(this);
    }
}
