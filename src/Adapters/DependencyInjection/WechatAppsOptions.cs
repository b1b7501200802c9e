namespace GenAuth.Hexagonal;

/// <summary>The named apps, bound from the <c>Wechat</c> configuration section (<c>Wechat:Apps:{name}:AppId</c>, <c>...:AppSecret</c>).</summary>
public sealed class WechatAppsOptions
{
    /// <summary>Apps by name ("mini", "official", ...). Names are case-insensitive.</summary>
    public IDictionary<string, WechatAppOptions> Apps { get; } =
        new Dictionary<string, WechatAppOptions>(StringComparer.OrdinalIgnoreCase);
}
