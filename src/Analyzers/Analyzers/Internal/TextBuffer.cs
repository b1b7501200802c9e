using System;
using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// One reusable character buffer per thread, into which a span of source text is read for the scans that look at every
/// character (secret words in a member, assigned words in a body, candidate constants in a file). Each scan finishes with
/// the buffer before the next one reads into it.
/// </summary>
internal static class TextBuffer
{
    [ThreadStatic]
    private static char[]? t_chars;

    /// <summary>The characters of <paramref name="span"/> in <paramref name="source"/>, from index 0 of the returned buffer.</summary>
    public static char[] Read(SourceText source, TextSpan span)
    {
        var chars = t_chars;
        if (chars is null || chars.Length < span.Length)
        {
            chars = t_chars = new char[Math.Max(span.Length, 16384)];
        }

        source.CopyTo(span.Start, chars, 0, span.Length);
        return chars;
    }
}
