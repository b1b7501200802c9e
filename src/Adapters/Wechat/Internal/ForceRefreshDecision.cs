namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>Whether a <c>force_refresh</c> may be sent now.</summary>
internal enum ForceRefreshDecision
{
    /// <summary>Yes: it is counted.</summary>
    Allowed,

    /// <summary>No: the app's previous one was less than the minimum interval ago.</summary>
    Spaced,

    /// <summary>No: the app's daily limit (Beijing day) is used up.</summary>
    DailyLimit,
}
