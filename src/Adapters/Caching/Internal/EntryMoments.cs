namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// An entry's two moments on the scheduler. At its soft moment the tick publishes a fresh wall-clock reading (from then on
/// hits go down the slow path, where the first call starts the refresh) and the work moves itself to the real expiry; there
/// it hands the entry to <c>onExpired</c>. Obsolete once the store no longer holds the entry.
/// </summary>
internal sealed class EntryMoments(TokenEntry entry, TokenStore store, Scheduler scheduler, Action<TokenEntry, DateTimeOffset> onExpired)
    : IScheduledWork
{
    public bool IsObsolete => !store.Holds(entry);

    public void Schedule() => scheduler.Schedule(entry.Soft, this);

    public void Run(DateTimeOffset now)
    {
        if (now < entry.ExpiresAt)
        {
            scheduler.Schedule(entry.ExpiresAt, this);
            return;
        }

        onExpired(entry, now);
    }
}
