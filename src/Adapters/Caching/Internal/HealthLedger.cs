using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Credentials whose last fetch failed with no usable token left (callers got the error), and when they were last used.
/// A record ends when a fetch for those credentials succeeds; the health check ages out those of ad-hoc credentials (not
/// configured apps) <c>FailureRetention</c> after their last use. Bounded: when full, records unused for longer than the
/// retention make room, and otherwise a new failure is not recorded.
/// </summary>
internal sealed class HealthLedger(long capacity, TimeSpan retention)
{
    private readonly ConcurrentDictionary<WechatCredentialsKey, FailureRecord> _failures = new();

    public TimeSpan Retention => retention;

    public void RecordFailure(WechatCredentialsKey key, DateTimeOffset now)
    {
        if (_failures.TryGetValue(key, out var record))
        {
            record.Use(now);
            return;
        }

        if (_failures.Count >= capacity)
        {
            Purge(now);
            if (_failures.Count >= capacity)
            {
                return;
            }
        }

        _failures.GetOrAdd(key, static (_, at) => new FailureRecord(at), now).Use(now);
    }

    /// <summary>A call for <paramref name="key"/> found no usable token: its failure, if any, is still in use.</summary>
    public void Touch(WechatCredentialsKey key, DateTimeOffset now)
    {
        if (!_failures.IsEmpty && _failures.TryGetValue(key, out var record))
        {
            record.Use(now);
        }
    }

    /// <summary>A fetch for <paramref name="key"/> succeeded; true if a failure was recorded.</summary>
    public bool Clear(WechatCredentialsKey key) => !_failures.IsEmpty && _failures.TryRemove(key, out _);

    public List<CacheHealthSnapshot.Failure> Snapshot() =>
        [.. _failures.Select(p => new CacheHealthSnapshot.Failure(p.Key, p.Value.LastUse))];

    private void Purge(DateTimeOffset now)
    {
        foreach (var (key, record) in _failures)
        {
            if (now - record.LastUse >= retention)
            {
                _failures.TryRemove(KeyValuePair.Create(key, record));
            }
        }
    }

    private sealed class FailureRecord(DateTimeOffset at)
    {
        private long _lastUseUtcTicks = at.UtcTicks;

        public DateTimeOffset LastUse => new(Volatile.Read(ref _lastUseUtcTicks), TimeSpan.Zero);

        public void Use(DateTimeOffset now) => Volatile.Write(ref _lastUseUtcTicks, now.UtcTicks);
    }
}
