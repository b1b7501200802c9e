using System;
using System.Text.RegularExpressions;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Decides whether a constant value looks like a real secret. Pure string checks, no allocation on the common
/// rejections, so it runs first.
/// </summary>
internal static class SecretValues
{
    /// <summary>Shorter values are not taken for secrets (WeChat app secrets are 32 characters).</summary>
    public const int MinimumLength = 8;

    /// <summary>
    /// Words (compared after dropping separators and case) by which a value says it is not a secret:
    /// <c>your-app-secret</c>, <c>changeme</c>, <c>example-...</c>, <c>...-not-real</c>, <c>fake-...</c>, <c>dummy</c>.
    /// </summary>
    private static readonly string[] PlaceholderWords =
    {
        "YOUR", "CHANGEME", "CHANGEIT", "REPLACEME", "REPLACEWITH", "PLACEHOLDER", "EXAMPLE", "REDACTED",
        "NOTREAL", "FAKE", "DUMMY",
    };

    private const string HexSequence = "0123456789abcdef";
    private const string AlphanumericSequence = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The built-in shape checks: length, characters, placeholders. No settings needed.</summary>
    public static bool HasSecretShape(string? value)
    {
        if (value is null || value.Length < MinimumLength)
        {
            return false;
        }

        // Secrets are printable ASCII with no whitespace (the library rejects anything else).
        foreach (var c in value)
        {
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }

        if (value.IndexOf("://", StringComparison.Ordinal) >= 0
            || IsWrapped(value, "<", ">")
            || IsWrapped(value, "${", "}")
            || IsWrapped(value, "{{", "}}")
            || IsWrapped(value, "$(", ")")
            || IsWrapped(value, "%", "%")
            || IsWrapped(value, "[", "]")
            || value.StartsWith("xxx", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A WeChat app id (wx + 16 hex digits) is public, and is the commonest secret-shaped literal next to a secret.
        if (IsWechatAppId(value))
        {
            return false;
        }

        var normalized = SecretNames.Normalize(value);
        if (normalized.Length == 0 || IsSingleRepeatedCharacter(normalized) || IsSequential(normalized))
        {
            return false;
        }

        foreach (var word in PlaceholderWords)
        {
            if (normalized.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a value that has the shape of a secret is still a placeholder by the user's own patterns.</summary>
    public static bool MatchesExtraPlaceholder(string value, AnalyzerSettings settings)
    {
        foreach (var pattern in settings.ExtraPlaceholderPatterns)
        {
            try
            {
                if (pattern.IsMatch(value))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot decide in time does not make the value a placeholder.
            }
        }

        return false;
    }

    /// <summary>The full decision: shape, then the user's placeholder patterns.</summary>
    public static bool IsSecret(string? value, AnalyzerSettings settings) =>
        HasSecretShape(value) && !MatchesExtraPlaceholder(value!, settings);

    private static bool IsWechatAppId(string value)
    {
        if (value.Length != 18 || value[0] != 'w' || value[1] != 'x')
        {
            return false;
        }

        for (var i = 2; i < value.Length; i++)
        {
            if (value[i] is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWrapped(string value, string start, string end) =>
        value.Length >= start.Length + end.Length
        && value.StartsWith(start, StringComparison.Ordinal)
        && value.EndsWith(end, StringComparison.Ordinal);

    private static bool IsSingleRepeatedCharacter(string normalized)
    {
        for (var i = 1; i < normalized.Length; i++)
        {
            if (normalized[i] != normalized[0])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSequential(string normalized) =>
        IsSequential(normalized, HexSequence) || IsSequential(normalized, AlphanumericSequence);

    private static bool IsSequential(string normalized, string alphabet)
    {
        var previous = alphabet.IndexOf(char.ToLowerInvariant(normalized[0]));
        if (previous < 0)
        {
            return false;
        }

        for (var i = 1; i < normalized.Length; i++)
        {
            var current = alphabet.IndexOf(char.ToLowerInvariant(normalized[i]));
            if (current != (previous + 1) % alphabet.Length)
            {
                return false;
            }

            previous = current;
        }

        return true;
    }
}
