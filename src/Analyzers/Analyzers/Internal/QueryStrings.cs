using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Finds WeChat's secret parameters inside string values: URLs and query strings (<c>...&amp;secret=...</c>,
/// <c>?corpsecret=...</c>), form bodies and JSON bodies (<c>{"appid":"wx...","secret":"..."}</c>). Pure string work.
/// </summary>
internal static class QueryStrings
{
    /// <summary>The parameter names WeChat, WeCom and the open platform give the secret, normalized (no <c>_</c>, upper-case).</summary>
    private static readonly string[] Parameters = { "SECRET", "APPSECRET", "CORPSECRET", "COMPONENTAPPSECRET", "COMPONENTSECRET" };

    /// <summary>The cheap first test: does the text mention a secret at all.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool MayHoldSecret(string text) => text.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// The first secret parameter (<c>secret</c>, <c>appsecret</c>, <c>corpsecret</c>, ...) in <paramref name="text"/> whose
    /// value looks real, as the message shows it (<c>corpsecret=</c> in a query string, <c>"secret":</c> in a JSON body);
    /// <see langword="null"/> when there is none.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static string? FindSecret(string text, AnalyzerSettings settings)
    {
        var index = 0;
        while ((index = text.IndexOf("secret", index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var nameEnd = index + "secret".Length;
            index = nameEnd;
            var name = ParameterNameEndingAt(text, nameEnd);
            if (name is null)
            {
                continue;
            }

            var json = nameEnd - name.Length > 0 && text[nameEnd - name.Length - 1] == '"';
            var value = ValueAfter(text, nameEnd, json);
            if (value is not null && IsSecretValue(value, settings))
            {
                return json ? "\"" + name + "\":" : name + "=";
            }
        }

        return null;
    }

    /// <summary>The secret parameter's name and <c>=</c> when <paramref name="text"/> ends with them (<c>"...&amp;secret="</c>).</summary>
    public static string? EndsWithSecretParameter(string text) =>
        text.Length > 6 && text[text.Length - 1] == '=' && ParameterNameEndingAt(text, text.Length - 1) is { } name ? name + "=" : null;

    /// <summary>
    /// The secret parameter's name and <c>=</c> when the composite format string <paramref name="format"/> puts
    /// placeholder <paramref name="placeholder"/> right after it (<c>"...&amp;secret={1}"</c>).
    /// </summary>
    public static string? FormatParameterBefore(string format, int placeholder)
    {
        var marker = "={" + placeholder.ToString(CultureInfo.InvariantCulture);
        var index = 0;
        while ((index = format.IndexOf(marker, index, StringComparison.Ordinal)) >= 0)
        {
            var after = index + marker.Length;
            if (after < format.Length && format[after] is '}' or ',' or ':' && ParameterNameEndingAt(format, index) is { } name)
            {
                return name + "=";
            }

            index = after;
        }

        return null;
    }

    /// <summary>The value that follows a parameter at <paramref name="text"/>[<paramref name="start"/>..], or <see langword="null"/>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static string? ValueAfter(string text, int start, bool json)
    {
        var position = start;
        if (json)
        {
            // "secret" : "value"
            if (position >= text.Length || text[position] != '"')
            {
                return null;
            }

            position++;
            position = SkipSpaces(text, position);
            if (position >= text.Length || text[position] != ':')
            {
                return null;
            }

            position = SkipSpaces(text, position + 1);
            if (position >= text.Length || text[position] != '"')
            {
                return null;
            }

            var close = text.IndexOf('"', position + 1);
            return close < 0 ? null : text.Substring(position + 1, close - position - 1);
        }

        if (position >= text.Length || text[position] != '=')
        {
            return null;
        }

        var end = position + 1;
        while (end < text.Length && text[end] is not ('&' or '#' or '"' or '\'' or ' ' or '\t' or '\r' or '\n'))
        {
            end++;
        }

        return text.Substring(position + 1, end - position - 1);
    }

    /// <summary>The text up to the end of a query value: up to the next <c>&amp;</c>, <c>#</c> or whitespace.</summary>
    public static string LeadingValue(string text)
    {
        var end = 0;
        while (end < text.Length && text[end] is not ('&' or '#' or '"' or '\'' or ' ' or '\t' or '\r' or '\n'))
        {
            end++;
        }

        return end == text.Length ? text : text.Substring(0, end);
    }

    /// <summary>Whether a parameter's value looks like a real secret (not a placeholder, not a name).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsSecretValue(string value, AnalyzerSettings settings) =>
        SecretValues.IsSecret(value, settings) && !SecretNames.IsNameValue(value, settings);

    /// <summary>
    /// The parameter name that ends at <paramref name="end"/> (exclusive) when it is one of WeChat's secret parameters and
    /// starts the text or follows <c>?</c>, <c>&amp;</c>, a quote, a brace, a comma or whitespace.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static string? ParameterNameEndingAt(string text, int end)
    {
        var start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '_'))
        {
            start--;
        }

        if (end - start < 6 || (start > 0 && text[start - 1] is not ('?' or '&' or '"' or '\'' or '{' or ',' or ' ' or '\t' or '\n')))
        {
            return null;
        }

        var name = text.Substring(start, end - start);
        return Array.IndexOf(Parameters, SecretNames.Normalize(name)) >= 0 ? name : null;
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\r' or '\n')
        {
            position++;
        }

        return position;
    }
}
