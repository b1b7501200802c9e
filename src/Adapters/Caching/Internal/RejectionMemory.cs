using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Tokens WeChat just rejected, per app id (whatever the secret: a token belongs to the app), so that a source handing one
/// back (GenAuth's central cache may) is not believed again, and the fetches that follow a rejection are spaced.
/// Bounded: at most <c>capacity</c> apps, each with at most <see cref="AppRejections.MaxTokens"/> tokens.
/// </summary>
internal sealed class RejectionMemory(long capacity, RetryBackoff backoff, TimeSpan quietPeriod)
{
    private readonly ConcurrentDictionary<string, AppRejections> _apps = new(StringComparer.Ordinal);

    /// <summary>
    /// WeChat rejected <paramref name="token"/>; <paramref name="dropped"/> says whether that took a token out of the cache
    /// (else it is a late report of an old one, only remembered).
    /// </summary>
    public void OnRejected(string appId, WechatAccessToken token, bool dropped, DateTimeOffset now)
    {
        if (!_apps.TryGetValue(appId, out var app))
        {
            if (_apps.Count >= capacity)
            {
                Purge(now);
                if (_apps.Count >= capacity)
                {
                    return;
                }
            }

            app = _apps.GetOrAdd(appId, static _ => new AppRejections());
        }

        app.OnRejected(token, dropped, now, backoff, quietPeriod);
    }

    /// <inheritdoc cref="AppRejections.BeginFetch"/>
    public WechatAccessToken? BeginFetch(string appId, DateTimeOffset now) =>
        !_apps.IsEmpty && _apps.TryGetValue(appId, out var app) ? app.BeginFetch(now) : null;

    /// <inheritdoc cref="AppRejections.IsRejectedAnswer"/>
    public bool IsRejectedAnswer(string appId, WechatAccessToken token, DateTimeOffset now, out DateTimeOffset nextFetch)
    {
        nextFetch = default;
        return !_apps.IsEmpty && _apps.TryGetValue(appId, out var app) && app.IsRejectedAnswer(token, now, backoff, out nextFetch);
    }

    /// <inheritdoc cref="AppRejections.MustWait"/>
    public bool MustWait(string appId, DateTimeOffset now, out DateTimeOffset nextFetch)
    {
        nextFetch = default;
        return !_apps.IsEmpty && _apps.TryGetValue(appId, out var app) && app.MustWait(now, out nextFetch);
    }

    public void Purge(DateTimeOffset now)
    {
        foreach (var (appId, app) in _apps)
        {
            if (app.Prune(now, quietPeriod))
            {
                _apps.TryRemove(KeyValuePair.Create(appId, app));
            }
        }
    }
}
