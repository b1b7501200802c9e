namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// One app's just-rejected tokens (at most <see cref="MaxTokens"/>, each until its expiry) and the spacing of its fetches
/// since: the first fetch after a rejection runs at once; each further one waits the backoff after the previous fetch,
/// until the app has gone a quiet period without a rejection.
/// </summary>
internal sealed class AppRejections
{
    public const int MaxTokens = 8;

    private readonly Lock _gate = new();
    private readonly List<WechatAccessToken> _tokens = [];
    private int _fetches;
    private bool _awaitingReplacement;
    private DateTimeOffset _lastRejection;
    private DateTimeOffset _lastFetch;
    private DateTimeOffset _nextFetch;

    public void OnRejected(WechatAccessToken token, bool dropped, DateTimeOffset now, RetryBackoff backoff, TimeSpan quietPeriod)
    {
        lock (_gate)
        {
            Remember(token, now);
            if (!dropped)
            {
                return; // a late report of a token the cache no longer held: remembered, nothing else changes
            }

            if (now - _lastRejection > quietPeriod)
            {
                _fetches = 0;
            }

            _lastRejection = now;
            _awaitingReplacement = true;
            var next = _fetches == 0 ? now : _lastFetch + backoff.Delay(_fetches);
            _nextFetch = next > _nextFetch ? next : _nextFetch;
        }
    }

    /// <summary>A fetch starts: the rejected token to hand to <see cref="IWechatTokenRefresher"/>, if the app awaits a replacement.</summary>
    public WechatAccessToken? BeginFetch(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_awaitingReplacement)
            {
                return null;
            }

            _fetches++;
            _lastFetch = now;
            return _tokens.Count > 0 ? _tokens[^1] : null;
        }
    }

    /// <summary>A fetch answered <paramref name="token"/>: true (and when the next fetch is due) if it is a rejected one.</summary>
    public bool IsRejectedAnswer(WechatAccessToken token, DateTimeOffset now, RetryBackoff backoff, out DateTimeOffset nextFetch)
    {
        lock (_gate)
        {
            if (!_tokens.Exists(t => string.Equals(t.Value, token.Value, StringComparison.Ordinal)))
            {
                _awaitingReplacement = false;
                nextFetch = default;
                return false;
            }

            _awaitingReplacement = true;
            _lastRejection = now;
            _nextFetch = now + backoff.Delay(Math.Max(_fetches, 1));
            nextFetch = _nextFetch;
            return true;
        }
    }

    /// <summary>Whether callers without a usable token must wait: the app awaits a replacement and no fetch is due yet.</summary>
    public bool MustWait(DateTimeOffset now, out DateTimeOffset nextFetch)
    {
        lock (_gate)
        {
            nextFetch = _nextFetch;
            return _awaitingReplacement && now < _nextFetch;
        }
    }

    /// <summary>Forgets expired tokens; true when nothing is left worth remembering.</summary>
    public bool Prune(DateTimeOffset now, TimeSpan quietPeriod)
    {
        lock (_gate)
        {
            _tokens.RemoveAll(t => t.ExpiresAt <= now);
            return _tokens.Count == 0 && now - _lastRejection > quietPeriod;
        }
    }

    private void Remember(WechatAccessToken token, DateTimeOffset now)
    {
        _tokens.RemoveAll(t => t.ExpiresAt <= now || string.Equals(t.Value, token.Value, StringComparison.Ordinal));
        if (_tokens.Count == MaxTokens)
        {
            _tokens.RemoveAt(0);
        }

        _tokens.Add(token);
    }
}
