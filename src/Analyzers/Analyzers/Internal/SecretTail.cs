using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Allocation-free tests on raw characters, run before any syntax walk or name classification: does a run of characters
/// end in "secret" or one edit from it (the test every secret name passes), and does a span of source text name a secret
/// at all.
/// </summary>
internal static class SecretTail
{
    private const string Secret = "SECRET";


    [ThreadStatic]
    private static char[]? s_buffer;

    /// <summary>Whether <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) ends like "secret" (letters and digits only, any case).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool EndsLikeSecret(string text, int start, int end)
    {
        if (end - start < Secret.Length - 1)
        {
            return false;
        }

        // When the last seven characters are ASCII letters and digits, "secret" one edit away can only start with the
        // S five, six or seven from the end.
        var plain = true;
        var s = false;
        for (var k = Math.Max(start, end - Secret.Length - 1); k < end; k++)
        {
            var c = text[k];
            if (c is not (>= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                plain = false;
                break;
            }

            s |= c is 's' or 'S' && end - k >= Secret.Length - 1;
        }

        if (plain && !s)
        {
            return false;
        }

        var buffer = s_buffer ??= new char[Secret.Length + 1];
        var count = 0;
        for (var i = end - 1; i >= start && count < buffer.Length; i--)
        {
            if (Upper(text[i]) is var c and not '\0')
            {
                buffer[buffer.Length - ++count] = c;
            }
        }

        return Matches(buffer, count);
    }

    /// <summary>
    /// Whether any word of <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) (an identifier, or a word
    /// inside a string such as a configuration key) names a secret: ends like "secret", contains "secr" (a method such as
    /// <c>AppSecretFor</c>), or is <c>Value</c> when <paramref name="value"/>. One pass over the characters.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool NamesSecret(string text, int start, int end, bool value)
    {
        var wordStart = -1;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? text[i] : ' ';
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' || (c > 127 && char.IsLetterOrDigit(c)))
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                }

                continue;
            }

            if (wordStart >= 0
                && i - wordStart >= 4
                && (EndsLikeSecret(text, wordStart, i)
                    || ContainsSecr(text, wordStart, i)
                    || (value && i - wordStart == 5 && string.CompareOrdinal(text, wordStart, "Value", 0, 5) == 0)))
            {
                return true;
            }

            wordStart = -1;
        }

        return false;
    }

    [ThreadStatic]
    private static char[]? s_text;

    /// <summary>
    /// <see cref="NamesSecret(string, int, int, bool)"/> over a span of source text, without copying it into a string: the
    /// characters are read once into a reusable buffer, and a word is examined further only when an <c>s</c> stands where
    /// "secret" (or a misspelling of it) would start, or it is <c>Value</c>.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool NamesSecret(SourceText source, TextSpan span, bool value)
    {
        var length = span.Length;
        var text = s_text;
        if (text is null || text.Length < length)
        {
            text = s_text = new char[Math.Max(length, 4096)];
        }

        source.CopyTo(span.Start, text, 0, length);
        var wordStart = -1;
        var plain = true; // the word is ASCII letters and digits only
        for (var i = 0; i <= length; i++)
        {
            var c = i < length ? text[i] : ' ';
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                    plain = true;
                }

                continue;
            }

            if (c == '_' || (c > 127 && char.IsLetterOrDigit(c)))
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                }

                plain = false;
                continue;
            }

            if (wordStart >= 0 && i - wordStart >= 4 && WordNamesSecret(text, wordStart, i, plain, value))
            {
                return true;
            }

            wordStart = -1;
        }

        return false;
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool WordNamesSecret(char[] text, int start, int end, bool plain, bool value)
    {
        if (value && end - start == 5 && text[start] == 'V' && text[start + 1] == 'a' && text[start + 2] == 'l'
            && text[start + 3] == 'u' && text[start + 4] == 'e')
        {
            return true;
        }

        var tail = !plain;
        for (var k = start; k < end; k++)
        {
            if (text[k] is not ('s' or 'S'))
            {
                continue;
            }

            if (k + 4 <= end && text[k + 1] is 'e' or 'E' && text[k + 2] is 'c' or 'C' && text[k + 3] is 'r' or 'R')
            {
                return true; // contains "secr"
            }

            // In a word of letters and digits, "secret" one edit away (five to seven characters) starts five to seven from the end.
            tail |= end - k is >= 5 and <= 7;
        }

        return tail && EndsLikeSecret(text, start, end);
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool EndsLikeSecret(char[] text, int start, int end)
    {
        var buffer = s_buffer ??= new char[Secret.Length + 1];
        var count = 0;
        for (var i = end - 1; i >= start && count < buffer.Length; i--)
        {
            if (Upper(text[i]) is var c and not '\0')
            {
                buffer[buffer.Length - ++count] = c;
            }
        }

        return Matches(buffer, count);
    }

    [ThreadStatic]
    private static LastAnswer<HashSet<string>>? t_assigned;

    /// <summary>
    /// <see cref="SpanAssigns"/> for a node's span, answered from the set of words the span assigns (one pass over its
    /// characters, kept for the last node on this thread: the sinks of a member ask about the same body one after another).
    /// </summary>
    public static bool Assigns(Microsoft.CodeAnalysis.SyntaxNode body, SourceText text, string name)
    {
        foreach (var c in name)
        {
            if (!IsWordCharacter(c))
            {
                return SpanAssigns(text, body.Span, name);
            }
        }

        var assigned = t_assigned;
        if (!LastAnswer<HashSet<string>>.IsFor(assigned, body))
        {
            t_assigned = assigned = new LastAnswer<HashSet<string>>(body, null, FindAssignedWords(text, body.Span));
        }

        return assigned!.Value.Contains(name);
    }

    /// <summary>
    /// The whole words of the span that an assignment follows (<c>name =</c>, <c>name +=</c>, <c>name ??=</c>, not
    /// <c>==</c> or <c>=&gt;</c>): exactly the names for which <see cref="SpanAssigns"/> holds.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static HashSet<string> FindAssignedWords(SourceText source, TextSpan span)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var length = span.Length;
        var text = s_text;
        if (text is null || text.Length < length)
        {
            text = s_text = new char[Math.Max(length, 4096)];
        }

        source.CopyTo(span.Start, text, 0, length);
        var wordStart = -1;
        for (var i = 0; i < length; i++)
        {
            if (IsWordCharacter(text[i]))
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                }

                continue;
            }

            if (wordStart >= 0
                && (wordStart > 0 || span.Start == 0 || !IsWordCharacter(source[span.Start - 1]))
                && AssignmentFollows(text, i, length))
            {
                words.Add(new string(text, wordStart, i - wordStart));
            }

            wordStart = -1;
        }

        return words;
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool AssignmentFollows(char[] text, int j, int end)
    {
        while (j < end && text[j] is ' ' or '\t' or '\r' or '\n')
        {
            j++;
        }

        if (j < end && text[j] == '+')
        {
            j++;
        }
        else if (j + 1 < end && text[j] == '?' && text[j + 1] == '?')
        {
            j += 2;
        }

        return j + 1 < end && text[j] == '=' && text[j + 1] != '=' && text[j + 1] != '>';
    }

    /// <summary>Whether <paramref name="name"/> is assigned in the span as a whole word: <c>name =</c>, <c>name +=</c>, <c>name ??=</c>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool SpanAssigns(SourceText text, TextSpan span, string name)
    {
        for (var i = span.Start; i + name.Length <= span.End; i++)
        {
            if (!StartsWithAt(text, i, name)
                || (i > 0 && IsWordCharacter(text[i - 1]))
                || (i + name.Length < text.Length && IsWordCharacter(text[i + name.Length])))
            {
                continue;
            }

            var j = i + name.Length;
            while (j < span.End && text[j] is ' ' or '\t' or '\r' or '\n')
            {
                j++;
            }

            if (j < span.End && text[j] == '+')
            {
                j++;
            }
            else if (j + 1 < span.End && text[j] == '?' && text[j + 1] == '?')
            {
                j += 2;
            }

            if (j + 1 < span.End && text[j] == '=' && text[j + 1] != '=' && text[j + 1] != '>')
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(char[] buffer, int count)
    {
        // "secret" one edit away is five to seven characters long and starts with S.
        for (var length = Secret.Length - 1; length <= Secret.Length + 1 && length <= count; length++)
        {
            var start = buffer.Length - length;
            if (buffer[start] == 'S' && WithinOneEdit(buffer, start))
            {
                return true;
            }
        }

        return false;
    }

    private static bool WithinOneEdit(char[] buffer, int start) => SecretNames.WithinOneEdit(buffer, start, Secret);

    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool ContainsSecr(string text, int start, int end)
    {
        for (var i = start; i + 4 <= end; i++)
        {
            if (text[i] is 's' or 'S'
                && text[i + 1] is 'e' or 'E'
                && text[i + 2] is 'c' or 'C'
                && text[i + 3] is 'r' or 'R')
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAt(SourceText text, int start, string value)
    {
        for (var k = 0; k < value.Length; k++)
        {
            if (text[start + k] != value[k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>The upper-case form of an ASCII letter or digit; <c>'\0'</c> for anything else.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static char Upper(char c) => c switch
    {
        >= 'a' and <= 'z' => (char)(c - 32),
        >= 'A' and <= 'Z' or >= '0' and <= '9' => c,
        _ => '\0',
    };
}
