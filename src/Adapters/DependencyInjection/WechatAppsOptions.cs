namespace GenAuth.Hexagonal;

/// <summary>
/// The named apps, bound from the <c>Wechat</c> configuration section (<c>Wechat:Apps:{name}:AppId</c>, <c>...:AppSecret</c>,
/// <c>...:Source</c>) and <c>Wechat:DefaultSource</c>.
/// </summary>
public sealed class WechatAppsOptions
{
    /// <summary>Apps by name ("mini", "official", ...). Names are case-insensitive.</summary>
    public IDictionary<string, WechatAppOptions> Apps { get; } =
        new Dictionary<string, WechatAppOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The source used by apps that name none and by credentials built in code. When empty: the source named by
    /// <c>UseDefaultSource</c> or <c>UseProvider</c>, else the first one added. Configuration key: <c>Wechat:DefaultSource</c>.
    /// </summary>
    public string? DefaultSource { get; set; }

    /// <summary>
    /// Whether every adapter (sources, tier, cache) adds the app id as a metric and trace tag
    /// (<see cref="WechatTokenDiagnostics.AppIdTagName"/>). Off by default: app ids are not secret, but one tag value per tenant
    /// can overwhelm a metrics backend. Each adapter's own switch (e.g. <c>Wechat:Caching:IncludeAppIdInTelemetry</c>) turns it on
    /// for that adapter alone. Configuration key: <c>Wechat:IncludeAppIdInTelemetry</c>.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }
}
