using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GenAuth.Hexagonal;

/// <summary>An immutable <see cref="IWechatAppCatalog"/> over a fixed set of named apps.</summary>
public sealed class WechatAppCatalog : IWechatAppCatalog
{
    private readonly FrozenDictionary<string, WechatAppCredentials> _apps;

    /// <summary>Creates a catalog.</summary>
    /// <param name="apps">App names and their credentials. Names are compared case-insensitively.</param>
    /// <exception cref="ArgumentException">Two names differ only by case, or a name is empty.</exception>
    public WechatAppCatalog(IEnumerable<KeyValuePair<string, WechatAppCredentials>> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var map = new Dictionary<string, WechatAppCredentials>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, credentials) in apps)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(apps));
            ArgumentNullException.ThrowIfNull(credentials, nameof(apps));
            if (!map.TryAdd(name, credentials))
            {
                throw new ArgumentException($"The app name '{name}' is configured twice (names are case-insensitive).", nameof(apps));
            }
        }

        _apps = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> AppNames => _apps.Keys;

    /// <summary>Gets a named app's credentials.</summary>
    /// <param name="appName">The app's name in configuration (case-insensitive).</param>
    /// <exception cref="KeyNotFoundException">No app of that name is configured; the message lists the configured names.</exception>
    public WechatAppCredentials this[string appName] =>
        TryGetCredentials(appName, out var credentials)
            ? credentials
            : throw new KeyNotFoundException(
                $"No WeChat app named '{appName}' is configured. Configured apps: {(_apps.Count == 0 ? "(none)" : string.Join(", ", _apps.Keys))}. Add Wechat:Apps:{appName}:AppId and Wechat:Apps:{appName}:AppSecret to configuration.");

    /// <inheritdoc />
    public bool TryGetCredentials(string appName, [NotNullWhen(true)] out WechatAppCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(appName);
        return _apps.TryGetValue(appName, out credentials);
    }
}
