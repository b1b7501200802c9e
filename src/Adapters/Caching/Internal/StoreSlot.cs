namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// What <see cref="TokenStore"/> puts in its <c>MemoryCache</c> for one entry: the entry, and whether the store took it,
/// refused it or compacted it away, decided once, so each refused add and each eviction is counted exactly once even when
/// the store's eviction callback (which runs on the thread pool) and the adding thread see it at the same time.
/// </summary>
internal sealed class StoreSlot(TokenEntry entry)
{
    public const int Pending = 0;
    public const int Stored = 1;
    public const int Refused = 2;
    public const int Evicted = 3;

    private int _placement;

    public TokenEntry Entry { get; } = entry;

    /// <summary>Records where the adding thread found the entry; true if it decided (the callback had not).</summary>
    public bool TrySettle(bool stored) =>
        Interlocked.CompareExchange(ref _placement, stored ? Stored : Refused, Pending) == Pending;

    /// <summary>Records a capacity eviction; true unless the entry was already counted as refused or evicted.</summary>
    public bool TryEvict()
    {
        var seen = Volatile.Read(ref _placement);
        while (seen is Pending or Stored)
        {
            var previous = Interlocked.CompareExchange(ref _placement, Evicted, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }
}
