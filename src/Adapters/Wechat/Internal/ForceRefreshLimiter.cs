namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// WeChat's limits on <c>force_refresh</c>, per app, counted by one source instance: at least <c>minInterval</c> apart and at
/// most <c>dailyLimit</c> a day, the day being Beijing's (UTC+8), as WeChat counts it. A call is counted when it is reserved,
/// whatever its outcome: WeChat may have counted it too. Thread-safe; two callers cannot both reserve the same slot.
/// </summary>
internal sealed class ForceRefreshLimiter(TimeSpan minInterval, int dailyLimit)
{
    /// <summary>Apps remembered before those idle for more than a day are forgotten.</summary>
    private const int PruneAbove = 1024;

    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    private readonly Dictionary<string, AppForces> _apps = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reserves a forced refresh of <paramref name="appId"/> at <paramref name="now"/> if the limits allow one.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="now">The current time.</param>
    /// <param name="nextAllowed">When the next one may be sent (when not allowed now).</param>
    /// <returns>The decision; <see cref="ForceRefreshDecision.Allowed"/> counts the call.</returns>
    public ForceRefreshDecision TryReserve(string appId, DateTimeOffset now, out DateTimeOffset nextAllowed)
    {
        var day = DayOf(now);
        lock (_gate)
        {
            if (!_apps.TryGetValue(appId, out var app))
            {
                Prune(now);
                app = new AppForces();
                _apps[appId] = app;
            }

            if (app.Day != day)
            {
                app.Day = day;
                app.CountToday = 0;
            }

            if (app.Last is { } last && now - last < minInterval)
            {
                nextAllowed = last + minInterval;
                return ForceRefreshDecision.Spaced;
            }

            if (app.CountToday >= dailyLimit)
            {
                // The next Beijing midnight.
                nextAllowed = new DateTimeOffset(day.AddDays(1), TimeSpan.Zero) - BeijingOffset;
                return ForceRefreshDecision.DailyLimit;
            }

            app.Last = now;
            app.CountToday++;
            nextAllowed = now + minInterval;
            return ForceRefreshDecision.Allowed;
        }
    }

    private static DateTime DayOf(DateTimeOffset now) => (now.UtcDateTime + BeijingOffset).Date;

    private void Prune(DateTimeOffset now)
    {
        if (_apps.Count < PruneAbove)
        {
            return;
        }

        foreach (var (appId, app) in _apps.ToList())
        {
            if (app.Last is not { } last || now - last > TimeSpan.FromDays(1))
            {
                _apps.Remove(appId);
            }
        }
    }

    private sealed class AppForces
    {
        public DateTime Day { get; set; }

        public int CountToday { get; set; }

        public DateTimeOffset? Last { get; set; }
    }
}
