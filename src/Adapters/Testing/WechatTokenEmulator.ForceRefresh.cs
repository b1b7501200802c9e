namespace GenAuth.Hexagonal.Testing;

// What the emulator counts of WeChat's force_refresh (the class is documented in WechatTokenEmulator.cs).
public sealed partial class WechatTokenEmulator
{
    /// <summary>
    /// How many <c>POST /cgi-bin/stable_token</c> calls with <c>force_refresh: true</c> arrived for <paramref name="appId"/>
    /// with valid credentials since start or <see cref="ResetCounters"/>, whether WeChat's limits let them through or not
    /// (see <see cref="RefusedForceRefreshCount"/>).
    /// </summary>
    /// <param name="appId">A known app id.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentException">The app is not known.</exception>
    public int ForceRefreshCount(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return _wechat.ForceRefreshCounts(appId).Requested;
    }

    /// <summary>
    /// How many of the <see cref="ForceRefreshCount"/> calls WeChat's limits refused: errcode 45011 (less than
    /// <see cref="WechatTokenEmulatorOptions.ForceRefreshMinInterval"/> after the previous one) or 45009 (more than
    /// <see cref="WechatTokenEmulatorOptions.ForceRefreshDailyLimit"/> in a Beijing day). A client that keeps WeChat's rules
    /// has none.
    /// </summary>
    /// <param name="appId">A known app id.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentException">The app is not known.</exception>
    public int RefusedForceRefreshCount(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return _wechat.ForceRefreshCounts(appId).Refused;
    }
}
