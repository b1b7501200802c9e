using System.Globalization;
using System.Net.Http;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The one scrubber for text that comes from upstream (GenAuth's <c>message</c> and <c>requestId</c>, WeChat's
/// <c>errmsg</c>, header values) or from the transport (the messages of <see cref="HttpRequestException"/> quote malformed
/// header lines; <see cref="JsonException"/> messages and paths quote property names). Every such text passes through
/// it before it reaches an exception message, <c>ToString()</c>, a log line or a tag.
/// </summary>
/// <remarks>
/// <para>
/// It removes the secrets it is given (app secret, access key secret, management token, access tokens) in any letter
/// case and in their URL- and JSON-escaped forms, and the query of any URL (where <c>secret=</c> and <c>access_token=</c>
/// travel); it replaces what could forge or disguise a log line (C0 and C1
/// controls such as CR, LF and ESC, U+2028/U+2029, bidi and other format characters, lone surrogates) with a space;
/// and it bounds the length.
/// </para>
/// <para>
/// One source file, compiled into each adapter that talks to an upstream (shipped packages do not share internals).
/// </para>
/// </remarks>
internal static partial class UpstreamText
{
    /// <summary>The longest upstream text placed in a message.</summary>
    public const int DefaultMaxLength = 300;

    /// <summary>What replaces a secret.</summary>
    public const string Redacted = "***";

    private const int MaxChainDepth = 8;

    /// <summary>Makes <paramref name="text"/> safe to place in a message, a log line or a tag.</summary>
    /// <param name="text">Text from upstream or the transport.</param>
    /// <param name="secrets">The secrets and tokens of the call; <see langword="null"/> and empty entries are ignored.</param>
    /// <param name="maxLength">The longest result, an ellipsis included.</param>
    /// <returns>The scrubbed text, trimmed; empty for <see langword="null"/>.</returns>
    public static string Clean(string? text, IEnumerable<string?> secrets, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = UrlQuery().Replace(RemoveSecrets(text, secrets), "$1?" + Redacted);
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                chars[i] = c;
                chars[i + 1] = text[++i];
                continue;
            }

            chars[i] = char.IsSurrogate(c) ? '\uFFFD' : IsNeutralised(c) ? ' ' : c;
        }

        var cleaned = new string(chars).Trim();
        if (cleaned.Length > maxLength)
        {
            var cut = Math.Max(0, maxLength - 1);
            if (cut > 0 && char.IsHighSurrogate(cleaned[cut - 1]))
            {
                cut--;
            }

            cleaned = cleaned[..cut] + "…";
        }

        return cleaned;
    }

    /// <summary>Whether <see cref="Clean"/> would leave <paramref name="text"/> as it is (no secret, nothing to neutralise).</summary>
    /// <param name="text">The text.</param>
    /// <param name="secrets">The secrets of the call.</param>
    /// <returns><see langword="true"/> when the text can be shown as it is.</returns>
    public static bool IsClean(string? text, IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsNeutralised(c))
            {
                return false;
            }
        }

        return !UrlQuery().IsMatch(text) && ReferenceEquals(RemoveSecrets(text, secrets), text);
    }

    /// <summary>
    /// An exception chain safe to keep as an inner exception or hand to a logger: <paramref name="exception"/> itself
    /// when every message in its chain is clean, otherwise copies (same types where the framework allows) whose
    /// messages, and <see cref="JsonException.Path"/>, are scrubbed. The copies hold no request or response objects.
    /// </summary>
    /// <param name="exception">The exception, or <see langword="null"/>.</param>
    /// <param name="secrets">The secrets of the call.</param>
    /// <returns>The exception to keep.</returns>
    public static Exception? Exception(Exception? exception, IEnumerable<string?> secrets)
    {
        if (exception is null)
        {
            return null;
        }

        var list = secrets as IReadOnlyCollection<string?> ?? [.. secrets];
        return IsChainClean(exception, list) ? exception : Rebuild(exception, list, 0);
    }

    private static bool IsChainClean(Exception exception, IReadOnlyCollection<string?> secrets)
    {
        var depth = 0;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (++depth > MaxChainDepth || e is AggregateException || !IsClean(e.Message, secrets)
                || (e is JsonException json && !IsClean(json.Path, secrets))
                || e.GetType().Namespace?.StartsWith("Refit", StringComparison.Ordinal) == true)
            {
                return false;
            }
        }

        return true;
    }

    private static Exception Rebuild(Exception exception, IReadOnlyCollection<string?> secrets, int depth)
    {
        var inner = exception.InnerException is { } next && depth < MaxChainDepth
            ? (IsChainClean(next, secrets) ? next : Rebuild(next, secrets, depth + 1))
            : null;
        var message = Clean(exception.Message, secrets, 1000);
        return exception switch
        {
            HttpIOException io => new HttpIOException(io.HttpRequestError, message, inner),
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode),
            JsonException json => new JsonException(message, json.Path is null ? null : Clean(json.Path, secrets), json.LineNumber, json.BytePositionInLine, inner),
            InvalidDataException => new InvalidDataException(message, inner),
            IOException => new IOException(message, inner),
            TimeoutException => new TimeoutException(message, inner),
            OperationCanceledException => new OperationCanceledException(message, inner),
            _ => new HttpRequestException(
                HttpRequestError.Unknown,
                string.Create(CultureInfo.InvariantCulture, $"{exception.GetType().Name}: {message}"),
                inner),
        };
    }

    /// <summary>C0/C1 controls (CR, LF, ESC, NEL…), line and paragraph separators, and format characters (bidi controls, zero-width).</summary>
    private static bool IsNeutralised(char c)
    {
        if (c < ' ')
        {
            return true;
        }

        if (c < '\u007F')
        {
            return false;
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    /// <summary>Replaces each secret, in any letter case and in its URL- and JSON-escaped forms; returns <paramref name="text"/> itself when none is found.</summary>
    private static string RemoveSecrets(string text, IEnumerable<string?> secrets)
    {
        var result = text;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            result = ReplaceIgnoreCase(result, secret);
            var escaped = Uri.EscapeDataString(secret);
            if (!string.Equals(escaped, secret, StringComparison.Ordinal))
            {
                result = ReplaceIgnoreCase(result, escaped);
            }

            var json = JavaScriptEncoder.Default.Encode(secret);
            if (!string.Equals(json, secret, StringComparison.Ordinal))
            {
                result = ReplaceIgnoreCase(result, json);
            }
        }

        return result;
    }

    /// <summary>The query of an http(s) URL inside a text: group 1 is the URL up to the <c>?</c>.</summary>
    [GeneratedRegex(@"(https?://[^\s?#'""<>]*)\?[^\s#'""<>()]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlQuery();

    private static string ReplaceIgnoreCase(string text, string value) =>
        text.Contains(value, StringComparison.OrdinalIgnoreCase) ? text.Replace(value, Redacted, StringComparison.OrdinalIgnoreCase) : text;
}
