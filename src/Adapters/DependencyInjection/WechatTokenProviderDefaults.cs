namespace GenAuth.Hexagonal;

/// <summary>
/// The configuration section names, in one place. HttpClient names live on the adapters' own defaults
/// (<c>GenAuthDefaults</c>, <c>WechatApiDefaults</c>), which use the same section names.
/// </summary>
public static class WechatTokenProviderDefaults
{
    /// <summary>The configuration section holding the named apps: <c>Wechat</c> (<c>Wechat:Apps:{name}:AppId</c>).</summary>
    public const string WechatSectionName = "Wechat";

    /// <summary>The configuration section holding the GenAuth options: <c>GenAuth</c>.</summary>
    public const string GenAuthSectionName = "GenAuth";

    /// <summary>The configuration section holding the caching options: <c>Wechat:Caching</c>.</summary>
    public const string CachingSectionName = WechatSectionName + ":Caching";
}
