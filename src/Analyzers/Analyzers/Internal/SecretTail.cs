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

        return TailMatches(new StringChars(text), start, end);
    }

    /// <summary>
    /// Whether any word of a span of source text (an identifier, or a word inside a string such as a configuration key)
    /// names a secret: ends like "secret" or one edit from it, contains "secr" (a method such as <c>AppSecretFor</c>), or is
    /// <c>Value</c> when <paramref name="value"/>. One pass over the characters, read into the thread's buffer; a word is
    /// examined further only when an <c>s</c> stands where "secret" (or a misspelling of it) would start, or it is
    /// <c>Value</c>.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool NamesSecret(SourceText source, TextSpan span, bool value)
    {
        var length = span.Length;
        var text = TextBuffer.Read(source, span);
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

        return tail && TailMatches(new ArrayChars(text), start, end);
    }

    /// <summary>Whether the last letters and digits of <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) are "secret" or one edit from it.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool TailMatches<TChars>(TChars text, int start, int end)
        where TChars : struct, ICharSource
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
        var text = TextBuffer.Read(source, span);
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

    /// <summary>Whether an assignment (<c>=</c>, <c>+=</c>, <c>??=</c>; not <c>==</c> or <c>=&gt;</c>) follows <paramref name="text"/>[<paramref name="j"/>..<paramref name="end"/>), after whitespace.</summary>
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
    private static bool SpanAssigns(SourceText text, TextSpan span, string name)
    {
        var chars = TextBuffer.Read(text, span);
        for (var k = 0; k + name.Length <= span.Length; k++)
        {
            var i = span.Start + k;
            if (StartsWithAt(chars, k, name)
                && !(i > 0 && IsWordCharacter(text[i - 1]))
                && !(i + name.Length < text.Length && IsWordCharacter(text[i + name.Length]))
                && AssignmentFollows(chars, k + name.Length, span.Length))
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

    private static bool StartsWithAt(char[] text, int start, string value)
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
