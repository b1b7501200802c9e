using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The WeChat side of the emulator: apps, issued tokens and their rotation rules. Thread-safe.</summary>
internal sealed class WechatTokenStore(WechatTokenEmulatorOptions options)
{
    /// <summary>Old and new token both work for this long after a rotation (WeChat's documented overlap).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);
    private readonly ConcurrentDictionary<string, WechatApp> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (WechatApp App, IssuedToken Token)> _tokens = new(StringComparer.Ordinal);

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public void AddApp(string appId, string appSecret) =>
        _apps.AddOrUpdate(appId, static (id, secret) => new WechatApp(id, secret), static (_, app, secret) =>
        {
            lock (app.Lock)
            {
                app.AppSecret = secret;
            }

            return app;
        }, appSecret);

    /// <summary>Checks an app id and secret; returns 0, 40013 (unknown app id) or 40125 (wrong secret).</summary>
    public int CheckCredentials(string appId, string appSecret, out WechatApp? app)
    {
        if (!_apps.TryGetValue(appId, out app))
        {
            return WechatErrorCodes.InvalidAppId;
        }

        string expected;
        lock (app.Lock)
        {
            expected = app.AppSecret;
        }

        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(appSecret))
            ? 0
            : WechatErrorCodes.InvalidAppSecret;
    }

    public WechatApp GetApp(string appId) =>
        _apps.TryGetValue(appId, out var app)
            ? app
            : throw new ArgumentException($"The emulator does not know the app '{appId}'. Add it with AddApp first.", nameof(appId));

    /// <summary><c>/cgi-bin/token</c>: a new token every call; earlier tokens of that family stay valid for the overlap.</summary>
    public IssuedToken Rotate(WechatApp app)
    {
        lock (app.Lock)
        {
            return RotateLocked(app, Now);
        }
    }

    /// <summary>GenAuth's cached copy: the latest <c>/cgi-bin/token</c> token until its renewal window, else a rotation.</summary>
    public IssuedToken GetForGenAuth(WechatApp app)
    {
        lock (app.Lock)
        {
            var now = Now;
            var current = app.CurrentToken;
            return current is not null && current.StatusAt(now) == TokenStatus.Valid && current.InvalidAfter is null && !IsInRenewalWindow(current, now)
                ? current
                : RotateLocked(app, now);
        }
    }

    /// <summary><c>/cgi-bin/stable_token</c> normal mode: the same token until its renewal window (5 minutes before expiry).</summary>
    public IssuedToken GetStable(WechatApp app)
    {
        lock (app.Lock)
        {
            var now = Now;
            var current = app.CurrentStable;
            if (current is not null && current.StatusAt(now) == TokenStatus.Valid && !IsInRenewalWindow(current, now))
            {
                return current;
            }

            return IssueLocked(app, TokenFamily.Stable, now);
        }
    }

    /// <summary>
    /// <c>/cgi-bin/stable_token</c> with <c>force_refresh</c>: invalidates the previous stable token and issues a
    /// new one. Returns 0, 45009 (daily limit) or 45011 (too soon after the previous force).
    /// </summary>
    public int ForceRefreshStable(WechatApp app, out IssuedToken? token)
    {
        lock (app.Lock)
        {
            token = null;
            var now = Now;
            var today = (now + BeijingOffset).Date;
            app.ForceRefreshesRequested++;
            app.ForceRefreshes.RemoveAll(at => (at + BeijingOffset).Date != today);
            if (app.ForceRefreshes.Count >= options.ForceRefreshDailyLimit)
            {
                app.ForceRefreshesRefused++;
                return WechatErrorCodes.DailyQuotaReached;
            }

            if (app.ForceRefreshes.Count > 0 && now - app.ForceRefreshes[^1] < options.ForceRefreshMinInterval)
            {
                app.ForceRefreshesRefused++;
                return WechatErrorCodes.MinuteQuotaReached;
            }

            app.ForceRefreshes.Add(now);
            if (app.CurrentStable is { } previous)
            {
                previous.Revoked = true;
            }

            token = IssueLocked(app, TokenFamily.Stable, now);
            return 0;
        }
    }

    /// <summary>The app's <c>force_refresh</c> calls since start or <see cref="ResetForceRefreshCounts"/>: received, and refused by the limits.</summary>
    public (int Requested, int Refused) ForceRefreshCounts(string appId)
    {
        var app = GetApp(appId);
        lock (app.Lock)
        {
            return (app.ForceRefreshesRequested, app.ForceRefreshesRefused);
        }
    }

    public void ResetForceRefreshCounts()
    {
        foreach (var app in _apps.Values)
        {
            lock (app.Lock)
            {
                app.ForceRefreshesRequested = 0;
                app.ForceRefreshesRefused = 0;
            }
        }
    }

    public TokenStatus Check(string value)
    {
        if (!_tokens.TryGetValue(value, out var entry))
        {
            return TokenStatus.Unknown;
        }

        lock (entry.App.Lock)
        {
            return entry.Token.StatusAt(Now);
        }
    }

    public string? Current(string appId)
    {
        if (!_apps.TryGetValue(appId, out var app))
        {
            return null;
        }

        lock (app.Lock)
        {
            return app.Latest?.Value;
        }
    }

    public void Invalidate(string appId)
    {
        var app = GetApp(appId);
        lock (app.Lock)
        {
            foreach (var token in app.Tokens)
            {
                token.Revoked = true;
            }
        }
    }

    /// <summary>
    /// Whether a token is close enough to expiry to be renewed: its last 5 minutes (its last fifth when its
    /// lifetime is shorter than 25 minutes, so that short test lifetimes still get a stable token); never with
    /// <see cref="WechatTokenEmulatorOptions.SameTokenUntilExpiry"/>.
    /// </summary>
    private bool IsInRenewalWindow(IssuedToken token, DateTimeOffset now)
    {
        if (options.SameTokenUntilExpiry)
        {
            return false;
        }

        var lifetime = token.ExpiresAt - token.IssuedAt;
        var window = lifetime / 5 < Overlap ? lifetime / 5 : Overlap;
        return token.ExpiresAt - now <= window;
    }

    private IssuedToken RotateLocked(WechatApp app, DateTimeOffset now)
    {
        var overlapEnd = now + Overlap;
        foreach (var token in app.Tokens)
        {
            if (token.Family == TokenFamily.Token && (token.InvalidAfter is null || token.InvalidAfter > overlapEnd))
            {
                token.InvalidAfter = overlapEnd;
            }
        }

        return IssueLocked(app, TokenFamily.Token, now);
    }

    private IssuedToken IssueLocked(WechatApp app, TokenFamily family, DateTimeOffset now)
    {
        IssuedToken token;
        do
        {
            token = new IssuedToken(NewTokenValue(), family, now, now + options.TokenLifetime);
        }
        while (!_tokens.TryAdd(token.Value, (app, token)));

        app.Tokens.RemoveAll(t => t.ExpiresAt < now - Overlap);
        app.Tokens.Add(token);
        if (family == TokenFamily.Token)
        {
            app.CurrentToken = token;
        }
        else
        {
            app.CurrentStable = token;
        }

        app.Latest = token;
        return token;
    }

    /// <summary>A token shaped like WeChat's: <c>81_</c> and 133 URL-safe characters (136 in all).</summary>
    private static string NewTokenValue() =>
        "81_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 133);
}
