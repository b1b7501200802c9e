using System;
using System.Collections.Immutable;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Decides whether a name (parameter, property, field, local, configuration key) holds a secret:
/// case- and separator-insensitive, at the end of the name (<c>appSecret</c>, <c>APP_SECRET</c>,
/// <c>WechatAppSecret</c>, <c>Wechat:Apps:mini:AppSecret</c>, <c>GENAUTH__ACCESSKEYSECRET</c>).
/// </summary>
internal static class SecretNames
{
    /// <summary>The built-in names, normalized (upper-case letters and digits only).</summary>
    public static readonly ImmutableArray<string> BuiltIn = ImmutableArray.Create("APPSECRET", "ACCESSKEYSECRET");

    private const string AccessKeySecret = "ACCESSKEYSECRET";

    /// <summary>Upper-cases letters and drops everything that is not a letter or digit.</summary>
    public static string Normalize(string name)
    {
        var buffer = new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                buffer[length++] = c;
            }
            else if (c is >= 'a' and <= 'z')
            {
                buffer[length++] = (char)(c - 32);
            }
            else if (c > 127 && char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer, 0, length);
    }

    /// <summary>Whether <paramref name="name"/> says it holds a secret.</summary>
    public static bool IsSecretName(string name, AnalyzerSettings settings)
    {
        // Cheapest rejection: the shortest built-in name, APPSECRET, has nine characters.
        if (name.Length < 9 && settings.ExtraSecretNames.IsEmpty)
        {
            return false;
        }

        var normalized = Normalize(name);
        foreach (var builtIn in BuiltIn)
        {
            if (normalized.EndsWith(builtIn, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var extra in settings.ExtraSecretNames)
        {
            if (normalized.EndsWith(extra, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The configuration key a code fix should read for a value reaching <paramref name="name"/>:
    /// the key itself for configuration built in code, otherwise a key following the library's layout.
    /// </summary>
    public static string SuggestConfigurationKey(string name, bool nameIsConfigurationKey)
    {
        if (nameIsConfigurationKey)
        {
            return name;
        }

        var normalized = Normalize(name);
        if (normalized.EndsWith(AccessKeySecret, StringComparison.Ordinal))
        {
            return "GenAuth:AccessKeySecret";
        }

        if (normalized.EndsWith("APPSECRET", StringComparison.Ordinal))
        {
            return "Wechat:AppSecret";
        }

        var trimmed = name.TrimStart('_', '@');
        if (trimmed.Length > 2 && (trimmed.StartsWith("s_", StringComparison.Ordinal) || trimmed.StartsWith("m_", StringComparison.Ordinal)))
        {
            trimmed = trimmed.Substring(2);
        }

        return trimmed.Length == 0 ? "Secret" : char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }
}
