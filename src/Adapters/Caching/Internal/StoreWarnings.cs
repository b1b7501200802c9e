using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Turns refused adds and evictions (one metric measurement each) into at most one Warning per <see cref="Interval"/>
/// with their counts: the first after a quiet interval is logged at once, the rest when the interval is over (the
/// scheduler's housekeeping, or disposal, flushes them).
/// </summary>
internal sealed class StoreWarnings(ILogger logger, string sourceName, long sizeLimit, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _refused;
    private long _evicted;
    private DateTimeOffset _since;
    private DateTimeOffset _nextWarningAt = DateTimeOffset.MinValue;

    public void Refused()
    {
        lock (_gate)
        {
            _refused++;
        }

        FlushIfDue();
    }

    public void Evicted()
    {
        lock (_gate)
        {
            _evicted++;
        }

        FlushIfDue();
    }

    /// <summary>Logs the counts gathered since the last Warning, if any, once that Warning is an interval old.</summary>
    public void FlushIfDue() => Flush(force: false);

    /// <summary>Logs the counts gathered since the last Warning, if any, now.</summary>
    public void Flush() => Flush(force: true);

    private void Flush(bool force)
    {
        long refused, evicted;
        DateTimeOffset since;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if ((_refused == 0 && _evicted == 0) || (!force && now < _nextWarningAt))
            {
                return;
            }

            (refused, evicted, since) = (_refused, _evicted, _since);
            (_refused, _evicted, _since, _nextWarningAt) = (0, 0, now, now + Interval);
        }

        Log.StoreFull(logger, sourceName, sizeLimit, refused, evicted, since == default ? "the start" : since.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }
}
