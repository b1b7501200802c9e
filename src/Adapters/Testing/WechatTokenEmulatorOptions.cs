namespace GenAuth.Hexagonal.Testing;

/// <summary>Options of <see cref="WechatTokenEmulator"/>.</summary>
public sealed class WechatTokenEmulatorOptions
{
    /// <summary>
    /// The clock for signature <c>date</c> checks, nonce memory, issued tokens' expiry, management-token
    /// expiry, WeChat token rotation and every answer's <c>Date</c> header. Default: <see cref="TimeProvider.System"/>. Pass a
    /// <c>FakeTimeProvider</c> to move time in tests. Injected latency (<see cref="EmulatorFault.Latency"/>)
    /// always waits in real time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The lifetime of issued WeChat access tokens. Default: 7200 seconds. A token is renewed (by the GenAuth
    /// endpoints and <c>stable_token</c>) in its last 5 minutes, or its last fifth when the lifetime is shorter
    /// than 25 minutes.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>
    /// When <see langword="true"/>, the GenAuth token endpoints and <c>/cgi-bin/stable_token</c> (normal mode) keep
    /// returning the current token until it has expired, with no renewal window (as some GenAuth deployments and, at
    /// times, WeChat do); the first call after its expiry issues a new one. Default: <see langword="false"/> (renewal in
    /// the last 5 minutes, see <see cref="TokenLifetime"/>).
    /// </summary>
    public bool SameTokenUntilExpiry { get; set; }

    /// <summary>The lifetime of management tokens issued by <c>/api/v3/get-management-token</c>. Default: 7200 seconds.</summary>
    public TimeSpan ManagementTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>
    /// How far a signed request's <c>date</c> header may be from the emulator's clock, either way; nonces
    /// are remembered for this long after their date. Default: 15 minutes.
    /// </summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// When <see langword="true"/>, the GenAuth token endpoints return <c>data.expiresAt</c> as a numeric
    /// string (<c>"1795559059"</c>, as the Node/Java/Go SDK models have it) instead of a JSON number.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool ExpiresAtAsString { get; set; }

    /// <summary>
    /// How many <c>force_refresh</c> calls of <c>/cgi-bin/stable_token</c> an app may make per day (Beijing
    /// time) before errcode 45009. Default: 20, as WeChat documents.
    /// </summary>
    public int ForceRefreshDailyLimit { get; set; } = 20;

    /// <summary>
    /// The least time between two <c>force_refresh</c> calls of one app; a call sooner gets errcode 45011.
    /// Default: 30 seconds, as WeChat documents.
    /// </summary>
    public TimeSpan ForceRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When <see langword="true"/> (the default), the emulator preloads <see cref="WechatTokenEmulator.DefaultAccessKeyId"/>
    /// and <see cref="WechatTokenEmulator.DefaultAppId"/> with their default secrets.
    /// </summary>
    public bool AddDefaults { get; set; } = true;
}
