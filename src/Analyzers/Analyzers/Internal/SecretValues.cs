using System;
using System.Runtime.CompilerServices;
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
    /// <c>your-app-secret</c>, <c>changeme</c>, <c>example-...</c>, <c>...-not-real</c>, <c>fake-...</c>, <c>dummy</c>. Each
    /// holds a letter after F, which lets <see cref="HasSecretShape"/> skip the search for hex digits, hashes and GUIDs.
    /// </summary>
    private static readonly string[] PlaceholderWords =
    {
        "YOUR", "CHANGEME", "CHANGEIT", "REPLACEME", "REPLACEWITH", "PLACEHOLDER", "EXAMPLE", "REDACTED",
        "NOTREAL", "FAKE", "DUMMY",
    };

    private const string HexSequence = "0123456789abcdef";
    private const string AlphanumericSequence = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The built-in shape checks: length, characters, placeholders. No settings needed.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
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
            || IsWrapped(value, "{", "}")
            || IsTokenReplacement(value)
            || value.StartsWith("xxx", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A WeChat app id (wx + 16 hex digits) or WeCom corp id (ww + 16) is public, and is the commonest secret-shaped
        // literal next to a secret.
        if (IsWechatId(value))
        {
            return false;
        }

        var normalized = SecretNames.Normalize(value);
        if (normalized.Length == 0 || IsSingleRepeatedCharacter(normalized) || IsSequential(normalized))
        {
            return false;
        }

        // Every placeholder word has a letter after F: hex digits, hashes and GUIDs skip the search.
        return !HasLetterAfterF(normalized) || !ContainsPlaceholderWord(normalized);
    }

    private static bool HasLetterAfterF(string normalized)
    {
        foreach (var c in normalized)
        {
            if (c > 'F')
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsPlaceholderWord(string normalized)
    {
        foreach (var word in PlaceholderWords)
        {
            if (normalized.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
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
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsSecret(string? value, AnalyzerSettings settings) =>
        HasSecretShape(value) && !MatchesExtraPlaceholder(value!, settings);

    /// <summary>A WeChat app id (<c>wx</c> + 16 lower-case hex digits) or WeCom corp id (<c>ww</c> + 16).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsWechatId(string value) => value.Length == 18 && IsWechatIdAt(value, 0);

    /// <summary>Whether a WeChat app id or WeCom corp id starts at <paramref name="start"/>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsWechatIdAt(string text, int start)
    {
        if (start + 18 > text.Length || text[start] != 'w' || text[start + 1] is not ('x' or 'w'))
        {
            return false;
        }

        for (var i = start + 2; i < start + 18; i++)
        {
            if (text[i] is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a value has the exact shape WeChat gives a secret: an app secret's 32 hex digits, or (for a WeCom corp id's
    /// map) a corp secret's 43 URL-safe Base64 characters. Used where only the key (an app id) says what the value is.
    /// </summary>
    public static bool HasWechatSecretFormat(string value, bool corp)
    {
        if (value.Length == 32)
        {
            foreach (var c in value)
            {
                if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'))
                {
                    return false;
                }
            }

            return true;
        }

        if (corp && value.Length == 43)
        {
            foreach (var c in value)
            {
                if (c is not (>= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '-' or '_'))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>Azure DevOps and Octopus token replacement: <c>#{Name}#</c>, <c>#{Name}</c>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool IsTokenReplacement(string value) =>
        value.StartsWith("#{", StringComparison.Ordinal)
        && (value.EndsWith("}", StringComparison.Ordinal) || value.EndsWith("}#", StringComparison.Ordinal));

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

    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool IsSequential(string normalized) =>
        IsSequential(normalized, HexSequence) || IsSequential(normalized, AlphanumericSequence);

    [MethodImpl(Hot.AggressiveOptimization)]
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
