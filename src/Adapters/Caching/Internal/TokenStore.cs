using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Where tokens are kept: a <see cref="MemoryCache"/> with a <c>SizeLimit</c> is the bounded store, and a
/// <see cref="ConcurrentDictionary{TKey, TValue}"/> index in front of it serves lookups without touching the store.
/// </summary>
/// <remarks>
/// The index changes only here: <see cref="Put"/> publishes an entry and then offers it to the store, taking it out again
/// (with any older entry under its key) when the store refuses it; <see cref="TryRemove"/> takes an entry out of both; and
/// the store's <c>PostEvictionCallbacks</c> take out whatever the store drops on its own (compaction). Every removal is
/// compare-and-remove, so a newer entry under the same key is never lost. Hence the index holds every entry the store
/// holds, plus, for the moment a callback is on its way, an entry the store has just compacted away (still a valid token).
/// Writes are serialized; lookups take no lock.
/// </remarks>
internal sealed class TokenStore : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<WechatCredentialsKey, TokenEntry> _index = new();
    private readonly Lock _writes = new();
    private readonly PostEvictionCallbackRegistration _evictionCallback;
    private readonly Action<TokenEntry> _onRefused;
    private readonly Action<TokenEntry> _onEvicted;
    private volatile bool _disposed;

    /// <summary>
    /// Creates a store of at most <paramref name="sizeLimit"/> entries; <paramref name="onRefused"/> and
    /// <paramref name="onEvicted"/> are called once for each entry the full store did not take or compacted away (under
    /// the write lock, never after disposal).
    /// </summary>
    public TokenStore(long sizeLimit, Action<TokenEntry> onRefused, Action<TokenEntry> onEvicted)
    {
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit });
        _onRefused = onRefused;
        _onEvicted = onEvicted;
        _evictionCallback = new PostEvictionCallbackRegistration { EvictionCallback = OnEvicted, State = this };
    }

    /// <summary>How many entries the store holds.</summary>
    public long Count => _disposed ? 0 : _cache.Count;

    /// <summary>The entry for <paramref name="key"/>, if any: a lock-free, allocation-free lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(WechatCredentialsKey key, [MaybeNullWhen(false)] out TokenEntry entry) => _index.TryGetValue(key, out entry);

    /// <summary>Whether <paramref name="entry"/> is still the one held for its key.</summary>
    public bool Holds(TokenEntry entry) => _index.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry);

    /// <summary>Publishes <paramref name="entry"/>, replacing the one under its key; false if the full store refused it.</summary>
    public bool Put(TokenEntry entry)
    {
        var slot = new StoreSlot(entry);
        bool stored;
        lock (_writes)
        {
            if (_disposed)
            {
                return false;
            }

            _index[entry.Key] = entry;
            using (var cacheEntry = _cache.CreateEntry(entry.Key))
            {
                cacheEntry.Value = slot;
                cacheEntry.Size = 1;
                cacheEntry.PostEvictionCallbacks.Add(_evictionCallback);
            }

            stored = _cache.TryGetValue(entry.Key, out var value) && ReferenceEquals(value, slot);
            if (!stored)
            {
                // Refused (or compacted away at once): the key holds nothing, in the index as in the store.
                _index.TryRemove(KeyValuePair.Create(entry.Key, entry));
                _cache.Remove(entry.Key);
            }

            if (slot.TrySettle(stored) && !stored)
            {
                _onRefused(entry);
            }
        }

        return stored;
    }

    /// <summary>Takes <paramref name="entry"/> out (compare-and-remove); false if it was no longer held.</summary>
    public bool TryRemove(TokenEntry entry)
    {
        lock (_writes)
        {
            var removed = _index.TryRemove(KeyValuePair.Create(entry.Key, entry));
            if (!_disposed && _cache.TryGetValue(entry.Key, out var value) && value is StoreSlot slot && ReferenceEquals(slot.Entry, entry))
            {
                _cache.Remove(entry.Key);
                removed = true;
            }

            return removed;
        }
    }

    /// <summary>The token of <paramref name="appId"/> that <paramref name="match"/> picks among the held ones, if any.</summary>
    public WechatAccessToken? FindToken(string appId, Func<WechatAccessToken, bool> match)
    {
        foreach (var (key, entry) in _index)
        {
            if (string.Equals(key.AppId, appId, StringComparison.Ordinal) && match(entry.Token))
            {
                return entry.Token;
            }
        }

        return null;
    }

    /// <summary>Takes out every entry of <paramref name="appId"/> (whatever its secret) that holds <paramref name="tokenValue"/>.</summary>
    public List<TokenEntry> RemoveToken(string appId, string tokenValue)
    {
        var removed = new List<TokenEntry>();
        foreach (var (key, entry) in _index)
        {
            if (string.Equals(key.AppId, appId, StringComparison.Ordinal) && entry.Holds(tokenValue) && TryRemove(entry))
            {
                removed.Add(entry);
            }
        }

        return removed;
    }

    public void Dispose()
    {
        lock (_writes)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _index.Clear();
            _cache.Dispose();
        }
    }

    private static void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is not StoreSlot slot || state is not TokenStore self)
        {
            return;
        }

        self._index.TryRemove(KeyValuePair.Create(slot.Entry.Key, slot.Entry));
        if (reason != EvictionReason.Capacity)
        {
            return;
        }

        // Counted under the write lock, so that nothing is counted after disposal has taken the last count.
        lock (self._writes)
        {
            if (!self._disposed && slot.TryEvict())
            {
                self._onEvicted(slot.Entry);
            }
        }
    }
}
