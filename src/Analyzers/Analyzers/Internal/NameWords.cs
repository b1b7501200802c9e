using System;
using System.Collections.Generic;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Splits identifiers, type and namespace names and configuration keys into whole words (at case changes,
/// underscores, dots, colons and other separators) and recognizes the words that say WeChat, WeCom, GenAuth or Authing.
/// </summary>
internal static class NameWords
{
    /// <summary>Words, or runs of up to three consecutive words, that name WeChat, WeCom, GenAuth or Authing.</summary>
    private static readonly HashSet<string> WechatWords = new(StringComparer.Ordinal)
    {
        "WECHAT", "WEIXIN", "WX", "WECOM", "WEWORK", "MINIPROGRAM", "GENAUTH", "AUTHING",
    };

    /// <summary>Upper-cased words of <paramref name="text"/>: <c>WeChatMiniProgram</c> gives WE, CHAT, MINI, PROGRAM.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : '\0';
            if (!char.IsLetterOrDigit(c))
            {
                Flush(text, ref start, i, words);
                continue;
            }

            if (start >= 0 && IsBoundary(text, i))
            {
                Flush(text, ref start, i, words);
            }

            if (start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    /// <summary>
    /// Whether a name says WeChat, WeCom, GenAuth or Authing as whole words: <c>WechatOptions</c>, <c>Senparc.Weixin.MP</c>,
    /// <c>WxPayApi</c>, <c>WeComClient</c>, <c>WeWork</c>, <c>MiniProgramSettings</c>; not <c>Worker</c>, <c>Network</c>,
    /// <c>Framework</c>, nor <c>Work</c> alone.
    /// </summary>
    public static bool SayWechat(string text)
    {
        if (text.Length < 2)
        {
            return false;
        }

        var words = Split(text);
        for (var i = 0; i < words.Count; i++)
        {
            var run = words[i];
            for (var length = 1; length <= 3 && i + length <= words.Count; length++)
            {
                if (length > 1)
                {
                    run += words[i + length - 1];
                }

                if (WechatWords.Contains(run))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="normalized"/> (upper-case) is one of the WeChat words.</summary>
    public static bool IsWechatWord(string normalized) => WechatWords.Contains(normalized);

    private static bool IsBoundary(string text, int i)
    {
        var previous = text[i - 1];
        var current = text[i];
        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true; // appSecret
        }

        if (char.IsUpper(previous) && char.IsUpper(current) && i + 1 < text.Length && char.IsLower(text[i + 1]))
        {
            return true; // WXBizMsg: WX | Biz
        }

        return char.IsDigit(previous) && char.IsLetter(current); // V3Key: V3 | Key
    }

    private static void Flush(string text, ref int start, int end, List<string> words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(text.Substring(start, end - start).ToUpperInvariant());
        }

        start = -1;
    }
}
