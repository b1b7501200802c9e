namespace GenAuth.Hexagonal;

/// <summary>
/// WeChat <c>errcode</c> values that matter for access tokens, and the rules for acting on them.
/// </summary>
public static class WechatErrorCodes
{
    /// <summary>System busy: transient, retry with backoff.</summary>
    public const int SystemBusy = -1;

    /// <summary>On a token fetch: wrong AppSecret. On an API call: the token is invalid or not the latest.</summary>
    public const int InvalidCredential = 40001;

    /// <summary>Invalid <c>grant_type</c>: a bug.</summary>
    public const int InvalidGrantType = 40002;

    /// <summary>Invalid AppID.</summary>
    public const int InvalidAppId = 40013;

    /// <summary>Invalid access_token.</summary>
    public const int InvalidAccessToken = 40014;

    /// <summary>Invalid AppSecret.</summary>
    public const int InvalidAppSecret = 40125;

    /// <summary>The caller's IP address is not on the app's IP whitelist.</summary>
    public const int IpNotWhitelisted = 40164;

    /// <summary>access_token missing.</summary>
    public const int AccessTokenMissing = 41001;

    /// <summary>appid missing.</summary>
    public const int AppIdMissing = 41002;

    /// <summary>secret missing.</summary>
    public const int AppSecretMissing = 41004;

    /// <summary>access_token expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>POST required.</summary>
    public const int PostRequired = 43002;

    /// <summary>The daily quota is used up.</summary>
    public const int DailyQuotaReached = 45009;

    /// <summary>The per-minute quota is used up.</summary>
    public const int MinuteQuotaReached = 45011;

    /// <summary>The API is not authorised for this app.</summary>
    public const int ApiUnauthorized = 48001;

    /// <summary>The account is restricted.</summary>
    public const int AccountRestricted = 50002;

    /// <summary>The IP is waiting for the administrator's confirmation.</summary>
    public const int IpAwaitingConfirmation = 89501;

    /// <summary>The IP needs the administrator's confirmation.</summary>
    public const int IpNeedsConfirmation = 89503;

    /// <summary>The IP was rejected by the administrator (24 hour block).</summary>
    public const int IpRejectedDay = 89506;

    /// <summary>The IP was rejected by the administrator (1 hour block).</summary>
    public const int IpRejectedHour = 89507;

    /// <summary>
    /// Whether a WeChat business API rejected the access token it was given (40001, 40014, 42001): drop
    /// that exact token, fetch a new one and retry the call once.
    /// </summary>
    /// <param name="errorCode">The <c>errcode</c> of a business API's answer.</param>
    /// <returns><see langword="true"/> for 40001, 40014 and 42001.</returns>
    public static bool IsTokenRejected(int errorCode) =>
        errorCode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>Whether a token fetch that failed with <paramref name="errorCode"/> can succeed if retried later (-1, 45011).</summary>
    /// <param name="errorCode">The <c>errcode</c> of a token endpoint's answer.</param>
    /// <returns><see langword="true"/> for -1 and 45011.</returns>
    public static bool IsTransient(int errorCode) => errorCode is SystemBusy or MinuteQuotaReached;

    /// <summary>What a token fetch that failed with <paramref name="errorCode"/> means and what to do about it.</summary>
    /// <param name="errorCode">The <c>errcode</c> of a token endpoint's answer.</param>
    /// <returns>One sentence for an exception message or a log line.</returns>
    public static string Describe(int errorCode) => errorCode switch
    {
        SystemBusy => "WeChat is busy (errcode -1); retry with backoff.",
        InvalidCredential => "WeChat rejected the app secret (errcode 40001); check the configured AppSecret for this app.",
        InvalidGrantType => "WeChat rejected the grant_type (errcode 40002); this is a bug in the caller, please report it.",
        InvalidAppId => "WeChat does not know this AppID (errcode 40013); check the configured AppId.",
        InvalidAccessToken => "WeChat rejected the access token (errcode 40014); drop it and fetch a new one.",
        InvalidAppSecret => "WeChat rejected the AppSecret (errcode 40125); check the configured AppSecret for this app.",
        IpNotWhitelisted => "The calling server's IP address is not on the app's IP whitelist (errcode 40164); add it in the WeChat admin console under Development > Basic configuration > IP whitelist.",
        AccessTokenMissing => "WeChat says the access_token is missing (errcode 41001); this is a bug in the caller, please report it.",
        AppIdMissing => "WeChat says the appid is missing (errcode 41002); check the configured AppId.",
        AppSecretMissing => "WeChat says the secret is missing (errcode 41004); check the configured AppSecret.",
        AccessTokenExpired => "WeChat says the access token expired (errcode 42001); drop it and fetch a new one.",
        PostRequired => "WeChat requires POST for this endpoint (errcode 43002); this is a bug in the caller, please report it.",
        DailyQuotaReached => "The app's daily quota for this endpoint is used up (errcode 45009); do not retry today. Reset the quota in the WeChat admin console, and cache tokens instead of fetching per call.",
        MinuteQuotaReached => "The app's per-minute quota is used up (errcode 45011); retry after the next minute.",
        ApiUnauthorized => "This API is not authorised for the app (errcode 48001); check the app's permissions in the WeChat admin console.",
        AccountRestricted => "The WeChat account is restricted (errcode 50002); resolve it in the WeChat admin console. Not retryable.",
        IpAwaitingConfirmation or IpNeedsConfirmation => $"The calling IP address is waiting for the administrator's confirmation (errcode {errorCode}); confirm it in the WeChat admin console, then retry.",
        IpRejectedDay => "The administrator rejected the calling IP address (errcode 89506); it is blocked for 24 hours.",
        IpRejectedHour => "The administrator rejected the calling IP address (errcode 89507); it is blocked for 1 hour.",
        _ => $"WeChat returned errcode {errorCode}; see WeChat's global error code documentation.",
    };
}
