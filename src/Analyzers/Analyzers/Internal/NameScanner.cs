using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Finds, in a file's text, the words equal to one of a set of names (the candidate constants GAH001 follows): one pass over
/// the characters instead of a callback for every identifier of the compilation. A word is compared only when its length
/// and first character fit some name, then by a hash of its characters; no string is made for it.
/// </summary>
internal sealed class NameScanner
{
    private readonly Dictionary<int, string[]> _byHash = new();
    private readonly ulong _lengths; // bit n: a name of n characters (bit 63: 63 or more)
    private readonly bool[] _asciiFirsts = new bool[128];
    private readonly bool _otherFirsts;

    public NameScanner(IEnumerable<string> names)
    {
        var byHash = new Dictionary<int, List<string>>();
        foreach (var name in names)
        {
            if (name.Length == 0)
            {
                continue;
            }

            _lengths |= 1UL << Math.Min(name.Length, 63);
            if (name[0] < 128)
            {
                _asciiFirsts[name[0]] = true;
            }
            else
            {
                _otherFirsts = true;
            }

            var hash = Hash(name.ToCharArray(), 0, name.Length);
            if (!byHash.TryGetValue(hash, out var list))
            {
                byHash[hash] = list = new List<string>(1);
            }

            list.Add(name);
        }

        foreach (var pair in byHash)
        {
            _byHash[pair.Key] = pair.Value.ToArray();
        }
    }

    /// <summary>
    /// Adds to <paramref name="positions"/> the start of every word of <paramref name="source"/> equal to a name (in code,
    /// comments or strings alike: the caller looks at the token there). Returns <see langword="false"/> when the text
    /// holds a Unicode escape (<c>\u</c>) or a formatting character, with which an identifier's text and value differ: the
    /// caller then walks the syntax.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public bool TryFind(SourceText source, List<int> positions)
    {
        var length = source.Length;
        var text = TextBuffer.Read(source, new TextSpan(0, length));
        var wordStart = -1;
        for (var i = 0; i <= length; i++)
        {
            var c = i < length ? text[i] : ' ';
            if (c > 127 && char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return false; // left out of an identifier's value: the text may not spell it
            }

            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' || (c > 127 && IsOtherWordCharacter(c)))
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                }

                continue;
            }

            if (c == '\\' && i + 1 < length && text[i + 1] is 'u' or 'U')
            {
                return false;
            }

            if (wordStart >= 0)
            {
                if (Matches(text, wordStart, i))
                {
                    positions.Add(wordStart);
                }

                wordStart = -1;
            }
        }

        return true;
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private bool Matches(char[] text, int start, int end)
    {
        var length = end - start;
        var first = text[start];
        if ((_lengths & (1UL << Math.Min(length, 63))) == 0 || (first < 128 ? !_asciiFirsts[first] : !_otherFirsts))
        {
            return false;
        }

        if (!_byHash.TryGetValue(Hash(text, start, end), out var names))
        {
            return false;
        }

        foreach (var name in names)
        {
            if (name.Length == length && SameCharacters(name, text, start))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameCharacters(string name, char[] text, int start)
    {
        for (var k = 0; k < name.Length; k++)
        {
            if (name[k] != text[start + k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsOtherWordCharacter(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int Hash(char[] text, int start, int end)
    {
        var hash = 17;
        for (var i = start; i < end; i++)
        {
            hash = unchecked((hash * 31) + text[i]);
        }

        return hash;
    }
}
