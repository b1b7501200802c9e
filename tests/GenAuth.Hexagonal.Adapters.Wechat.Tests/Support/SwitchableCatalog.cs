using System.Diagnostics.CodeAnalysis;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>A catalog of one app whose credentials a test replaces, as a configuration reload does.</summary>
public sealed class SwitchableCatalog(string appName, WechatAppCredentials credentials) : IWechatAppCatalog
{
    public WechatAppCredentials Credentials { get; set; } = credentials;

    public IReadOnlyCollection<string> AppNames => [appName];

    public bool TryGetCredentials(string name, [NotNullWhen(true)] out WechatAppCredentials? found)
    {
        found = string.Equals(name, appName, StringComparison.OrdinalIgnoreCase) ? Credentials : null;
        return found is not null;
    }
}
