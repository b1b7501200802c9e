using GenAuth.Hexagonal.Adapters.Caching.Internal;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.Wechat;

namespace GenAuth.Hexagonal;

/// <summary>
/// The configuration section names, in one place. HttpClient names live on the adapters' own defaults
/// (<see cref="GenAuthDefaults"/>, <see cref="WechatApiDefaults"/>).
/// </summary>
public static class WechatTokenProviderDefaults
{
    /// <summary>The configuration section holding the named apps: <c>Wechat</c> (<c>Wechat:Apps:{name}:AppId</c>).</summary>
    public const string WechatSectionName = WechatApiDefaults.ConfigurationSectionName;

    /// <summary>The configuration section holding the GenAuth options: <c>GenAuth</c>.</summary>
    public const string GenAuthSectionName = GenAuthDefaults.SectionName;

    /// <summary>The configuration section holding the caching options: <c>Wechat:Caching</c>.</summary>
    public const string CachingSectionName = WechatTokenCachingOptionsValidator.SectionName;
}
