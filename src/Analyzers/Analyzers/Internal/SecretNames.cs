using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Decides whether a name (parameter, property, field, local, method, configuration key) holds a secret, ignoring case
/// and separators, at the end of the name:
/// <list type="bullet">
/// <item><see cref="SecretNameKind.Secret"/>: <c>appSecret</c>, <c>APP_SECRET</c>, <c>WechatAppSecret</c>,
/// <c>GENAUTH__ACCESSKEYSECRET</c>, WeChat's <c>secret</c> with a WeChat word in the name itself (<c>WxSecret</c>,
/// <c>WECOM_CORP_SECRET</c>), misspellings at one edit from "secret" (<c>AppSercet</c>, <c>AppScret</c>), extra names.</item>
/// <item><see cref="SecretNameKind.Contextual"/>: WeChat's own parameter name, <c>secret</c>, alone or after one of a few
/// words WeChat and WeCom use (<c>corpSecret</c>, <c>in_secret</c>, <c>agentSecret</c>, <c>component_secret</c>).</item>
/// </list>
/// </summary>
internal static class SecretNames
{
    /// <summary>The built-in names, normalized (upper-case letters and digits only).</summary>
    public static readonly ImmutableArray<string> BuiltIn = ImmutableArray.Create("APPSECRET", "ACCESSKEYSECRET");

    private const string AccessKeySecret = "ACCESSKEYSECRET";
    private const string SecretWord = "SECRET";

    /// <summary>Words that may stand before <c>secret</c> in WeChat's and WeCom's own names (normalized); the WeChat words count too.</summary>
    private static readonly string[] PrefixWords =
    {
        "CORP", "IN", "AGENT", "COMPONENT", "OPEN", "MP", "MINI", "PROGRAM", "OFFICIAL", "ACCOUNT", "WORK", "QY", "MY",
        "DEFAULT", "THE", "M", "S",
        "WECHAT", "WEIXIN", "WX", "WECOM", "WEWORK", "MINIPROGRAM", "GENAUTH", "AUTHING",
    };

    /// <summary>Leading verbs and trailing words a method name may add around a secret's name.</summary>
    private static readonly string[] MethodVerbs = { "GET", "LOAD", "READ", "FIND", "LOOKUP", "RESOLVE", "FETCH", "QUERY", "TRY" };

    private static readonly string[] MethodTails = { "FOR", "BY", "OF", "FROM", "WITH", "ASYNC" };

    /// <summary>Upper-cases letters and drops everything that is not a letter or digit.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
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

    /// <summary>Whether <paramref name="name"/> says it holds a secret wherever it appears.</summary>
    public static bool IsSecretName(string name, AnalyzerSettings settings) => Classify(name, settings) == SecretNameKind.Secret;

    /// <summary>How strongly a member, parameter, local or property name says it holds a secret.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static SecretNameKind Classify(string name, AnalyzerSettings settings) =>
        MayEndWithSecret(name, settings) ? ClassifyNormalized(Normalize(name), settings) : SecretNameKind.None;

    /// <summary>
    /// The cheap, allocation-free first test of <see cref="Classify"/>: whether the last letters and digits of
    /// <paramref name="name"/> can be "secret" or one edit from it (always true when extra names are configured).
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool MayEndWithSecret(string name, AnalyzerSettings settings) =>
        !settings.ExtraSecretNames.IsEmpty || SecretTail.EndsLikeSecret(name, 0, name.Length);

    /// <summary>
    /// How strongly a method name says it returns a secret: leading verbs and trailing <c>For</c>/<c>By</c>/<c>Async</c>...
    /// words are set aside (<c>GetAppSecretAsync</c>, <c>AppSecretFor</c>, <c>GetSecretByAppId</c>).
    /// </summary>
    public static SecretNameKind ClassifyMethod(string name, AnalyzerSettings settings)
    {
        var direct = Classify(name, settings);
        if (direct != SecretNameKind.None || name.IndexOf("secr", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return direct;
        }

        var words = NameWords.Split(name);
        var first = 0;
        while (first < words.Count - 1 && Array.IndexOf(MethodVerbs, words[first]) >= 0)
        {
            first++;
        }

        var end = words.Count;
        for (var i = first + 1; i < words.Count; i++)
        {
            if (Array.IndexOf(MethodTails, words[i]) >= 0)
            {
                end = i;
                break;
            }
        }

        if (first == 0 && end == words.Count)
        {
            return SecretNameKind.None;
        }

        return ClassifyNormalized(string.Concat(words.GetRange(first, end - first)), settings);
    }

    /// <summary>
    /// How strongly a configuration or environment key says it holds a secret: its last segment is classified like a name,
    /// and a WeChat word in an earlier segment is context enough (<c>Wechat:Secret</c>, <c>WeCom__CorpSecret</c>).
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static SecretNameKind ClassifyKey(string key, AnalyzerSettings settings)
    {
        var lastSegment = LastSegmentStart(key);
        var kind = Classify(lastSegment == 0 ? key : key.Substring(lastSegment), settings);
        return kind == SecretNameKind.Contextual && lastSegment > 0 && NameWords.SayWechat(key.Substring(0, lastSegment))
            ? SecretNameKind.Secret
            : kind;
    }

    /// <summary>
    /// Whether a value is a name rather than a secret: the key it is stored under, an environment variable's or a
    /// configuration key's name (<c>WECHAT_APP_SECRET</c>, <c>Wechat:CorpSecret</c>, <c>APPSECRET</c>).
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsNameValue(string value, AnalyzerSettings settings)
    {
        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or ':' or '.' or '-'))
            {
                return false;
            }
        }

        // Without an extra name, a value names a secret only if it holds an "s" (for "secret") or ends like "secret" (one
        // edit away): a hash, a GUID or an id stops here without being normalized.
        if (settings.ExtraSecretNames.IsEmpty
            && value.IndexOf('s') < 0 && value.IndexOf('S') < 0
            && !SecretTail.EndsLikeSecret(value, 0, value.Length))
        {
            return false;
        }

        var normalized = Normalize(value);
        return normalized.IndexOf(SecretWord, StringComparison.Ordinal) >= 0 || ClassifyNormalized(normalized, settings) == SecretNameKind.Secret;
    }

    /// <summary>Whether two names are the same, ignoring case and separators (a value equal to its own key name).</summary>
    public static bool SameName(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

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

        if (ClassifyNormalized(normalized, AnalyzerSettings.Default) != SecretNameKind.None)
        {
            return normalized.IndexOf("CORP", StringComparison.Ordinal) >= 0 ? "WeCom:CorpSecret" : "Wechat:AppSecret";
        }

        var trimmed = name.TrimStart('_', '@');
        if (trimmed.Length > 2 && (trimmed.StartsWith("s_", StringComparison.Ordinal) || trimmed.StartsWith("m_", StringComparison.Ordinal)))
        {
            trimmed = trimmed.Substring(2);
        }

        return trimmed.Length == 0 ? "Secret" : char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }

    /// <summary>Classifies an upper-case, separator-free name.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    internal static SecretNameKind ClassifyNormalized(string normalized, AnalyzerSettings settings)
    {
        foreach (var builtIn in BuiltIn)
        {
            if (normalized.EndsWith(builtIn, StringComparison.Ordinal))
            {
                return SecretNameKind.Secret;
            }
        }

        foreach (var extra in settings.ExtraSecretNames)
        {
            if (normalized.EndsWith(extra, StringComparison.Ordinal))
            {
                return SecretNameKind.Secret;
            }
        }

        // "secret" as the last word, exact or one edit away (AppSercet, AppScret, Secrets), after words WeChat uses.
        var result = SecretNameKind.None;
        for (var length = SecretWord.Length - 1; length <= SecretWord.Length + 1; length++)
        {
            var start = normalized.Length - length;
            if (start < 0 || normalized[start] != 'S' || !WithinOneEdit(normalized, start, SecretWord))
            {
                continue;
            }

            if (EndsWithAt(normalized, start, "APP") || EndsWithAt(normalized, start, "ACCESSKEY"))
            {
                return SecretNameKind.Secret;
            }

            if (Decompose(normalized, start, out var sayWechat))
            {
                var kind = sayWechat ? SecretNameKind.Secret : SecretNameKind.Contextual;
                if (kind > result)
                {
                    result = kind;
                }
            }
        }

        return result;
    }

    /// <summary>Whether <c>text[start..]</c> is at optimal-string-alignment distance at most 1 from <paramref name="target"/>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    internal static bool WithinOneEdit(string text, int start, string target) =>
        WithinOneEdit(new StringChars(text), start, text.Length - start, target);

    /// <summary>Whether <c>chars[start..]</c> is at optimal-string-alignment distance at most 1 from <paramref name="target"/>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    internal static bool WithinOneEdit(char[] chars, int start, string target) =>
        WithinOneEdit(new ArrayChars(chars), start, chars.Length - start, target);

    /// <summary>
    /// The optimal-string-alignment test at distance 1: equal, one character replaced, two adjacent characters swapped,
    /// one inserted or one deleted. Generic over the character source so that neither strings nor buffers are copied.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool WithinOneEdit<TChars>(TChars text, int start, int length, string target)
        where TChars : struct, ICharSource
    {
        if (length == target.Length)
        {
            var first = -1;
            var mismatches = 0;
            for (var i = 0; i < length; i++)
            {
                if (text[start + i] != target[i])
                {
                    if (++mismatches > 2)
                    {
                        return false;
                    }

                    if (first < 0)
                    {
                        first = i;
                    }
                }
            }

            return mismatches <= 1
                || (first + 1 < length
                    && text[start + first] == target[first + 1]
                    && text[start + first + 1] == target[first]);
        }

        if (Math.Abs(length - target.Length) != 1)
        {
            return false;
        }

        // One character inserted (length = target + 1) or deleted (length = target - 1).
        var longer = length > target.Length;
        int a = 0, b = 0;
        var skipped = false;
        while (a < length && b < target.Length)
        {
            if (text[start + a] == target[b])
            {
                a++;
                b++;
            }
            else if (skipped)
            {
                return false;
            }
            else
            {
                skipped = true;
                if (longer)
                {
                    a++;
                }
                else
                {
                    b++;
                }
            }
        }

        return true;
    }

    /// <summary>Whether <c>normalized[..end]</c> is made of <see cref="PrefixWords"/> only, and whether one of them is a WeChat word.</summary>
    private static bool Decompose(string normalized, int end, out bool sayWechat)
    {
        // 0: unreachable, 1: reachable, 2: reachable through a WeChat word.
        var reach = new byte[end + 1];
        reach[0] = 1;
        for (var i = 0; i < end; i++)
        {
            if (reach[i] == 0)
            {
                continue;
            }

            foreach (var word in PrefixWords)
            {
                if (i + word.Length <= end && string.CompareOrdinal(normalized, i, word, 0, word.Length) == 0)
                {
                    var next = NameWords.IsWechatWord(word) ? (byte)2 : reach[i];
                    if (next > reach[i + word.Length])
                    {
                        reach[i + word.Length] = next;
                    }
                }
            }
        }

        sayWechat = reach[end] == 2;
        return reach[end] != 0;
    }

    private static bool EndsWithAt(string text, int end, string suffix) =>
        end >= suffix.Length && string.CompareOrdinal(text, end - suffix.Length, suffix, 0, suffix.Length) == 0;

    [MethodImpl(Hot.AggressiveOptimization)]
    private static int LastSegmentStart(string key)
    {
        var colon = key.LastIndexOf(':');
        var doubleUnderscore = key.LastIndexOf("__", StringComparison.Ordinal);
        return Math.Max(colon + 1, doubleUnderscore >= 0 ? doubleUnderscore + 2 : 0);
    }
}
