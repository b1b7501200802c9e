using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Remembers signature nonces until the end of their clock-skew window. Thread-safe.</summary>
internal sealed class NonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private int _adds;

    /// <summary>
    /// Records the nonce of <paramref name="accessKeyId"/> until <paramref name="forgetAt"/>.
    /// Returns <see langword="false"/> when it is already remembered (a replay).
    /// </summary>
    public bool TryUse(string accessKeyId, string nonce, DateTimeOffset now, DateTimeOffset forgetAt)
    {
        if (Interlocked.Increment(ref _adds) % 256 == 0)
        {
            foreach (var (key, until) in _nonces)
            {
                if (until < now)
                {
                    _nonces.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
                }
            }
        }

        var key2 = accessKeyId + "\n" + nonce;
        while (true)
        {
            if (_nonces.TryAdd(key2, forgetAt))
            {
                return true;
            }

            if (!_nonces.TryGetValue(key2, out var existing))
            {
                continue;
            }

            if (existing >= now)
            {
                return false;
            }

            if (_nonces.TryUpdate(key2, forgetAt, existing))
            {
                return true;
            }
        }
    }
}
