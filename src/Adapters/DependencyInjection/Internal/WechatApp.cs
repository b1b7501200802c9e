namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// One configured app as the composition serves it: its credentials (built once per configuration change, so the cache
/// key is computed once) and the name of its source. The source's chain is looked up on first use and kept.
/// </summary>
internal sealed class WechatApp(string name, WechatAppCredentials credentials, string sourceName)
{
    private IWechatTokenProvider? _chain;

    /// <summary>The app's name, interned: code asks with string literals, which are interned too.</summary>
    public string Name { get; } = string.Intern(name);

    public WechatAppCredentials Credentials { get; } = credentials;

    public string SourceName { get; } = sourceName;

    public IWechatTokenProvider GetChain(WechatTokenChains chains) =>
        _chain ??= chains.Get(SourceName);

    /// <summary>Whether the configured values still describe this app (same id, secret and source).</summary>
    public bool Matches(string appId, string appSecret, string sourceName) =>
        string.Equals(Credentials.AppId, appId, StringComparison.Ordinal)
        && string.Equals(Credentials.AppSecret, appSecret, StringComparison.Ordinal)
        && string.Equals(SourceName, sourceName, StringComparison.OrdinalIgnoreCase);
}
