using System.Diagnostics.CodeAnalysis;

namespace GenAuth.Hexagonal;

/// <summary>
/// The named apps an application is configured with ("mini", "official", ...), each with its
/// credentials built once. Code asks for an app by name; configuration holds the secret.
/// </summary>
public interface IWechatAppCatalog
{
    /// <summary>The configured app names.</summary>
    IReadOnlyCollection<string> AppNames { get; }

    /// <summary>Looks up a named app's credentials.</summary>
    /// <param name="appName">The app's name in configuration (case-insensitive).</param>
    /// <param name="credentials">The credentials, when the app is configured.</param>
    /// <returns><see langword="true"/> when the app is configured.</returns>
    bool TryGetCredentials(string appName, [NotNullWhen(true)] out WechatAppCredentials? credentials);
}
