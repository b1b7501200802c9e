namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 5: upstream text placed in a message (WeChat's <c>errmsg</c>, GenAuth's <c>message</c> and <c>requestId</c>)
/// cannot forge log lines or reorder what a reader sees: CR, LF, ESC (ANSI), U+2028/U+2029 and the bidi controls
/// (U+202A–U+202E, U+2066–U+2069) are neutralised, in the exception and in every log line (the cache logs messages).
/// </summary>
public sealed class LogInjectionTests
{
    private const string Hostile = "busy\\r\\n2026-11-24 12:00:00 info: forged line \\u001b[31mred\\u001b[0m \\u2028next\\u2029para \\u202eevil\\u202c \\u2066iso\\u2069 \\u0085nel";

    private static readonly char[] Forbidden =
    [
        '\r', '\n', '\u001b', '\u0085', '\u2028', '\u2029',
        '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
    ];

    private static readonly System.Buffers.SearchValues<char> ForbiddenValues = System.Buffers.SearchValues.Create(Forbidden);

    [Theory]
    [InlineData("wechat errmsg", $$"""{"errcode":-1,"errmsg":"{{Hostile}}"}""")]
    [InlineData("wechat errmsg, 40164", $$"""{"errcode":40164,"errmsg":"{{Hostile}}"}""")]
    [InlineData("genauth message", $$"""{"statusCode":500,"apiCode":500001,"message":"{{Hostile}}","requestId":"req"}""")]
    [InlineData("genauth requestId", $$"""{"statusCode":400,"apiCode":400003,"message":"refused","requestId":"{{Hostile}}"}""")]
    [InlineData("genauth http error body", $$"""{"statusCode":503,"message":"{{Hostile}}","requestId":"{{Hostile}}"}""")]
    public async Task UpstreamTextWithLineBreaksEscapesAndBidiControls_NeutralisedInMessagesAndLogs(string what, string body)
    {
        var status = what == "genauth http error body" ? 503 : 200;
        await using var server = HostileServer.Answering(Raw.Json(status, body));
        await using var stack = what.StartsWith("wechat", StringComparison.Ordinal) ? Stacks.Wechat(server.BaseAddress) : Stacks.GenAuth(server.BaseAddress);

        var failure = await stack.FailAsync();

        failure.Message.Should().Contain("forged line", "the text is still reported, only neutralised");
        var texts = Texts.Of(failure).Concat(stack.LogTexts).Append((Source: "RequestId", Text: failure.RequestId))
            .Where(t => t.Text is not null)
            .Select(t => (Source: t.Source, Text: WithoutStackTrace(t.Text!)));
        texts.Where(t => t.Text.AsSpan().IndexOfAny(ForbiddenValues) >= 0)
            .Select(t => $"{t.Source}: {Escape(t.Text)}")
            .Should().BeEmpty();
        server.Requests.Should().NotBeEmpty();
    }

    /// <summary>ToString() puts the stack trace on lines of its own; what comes before it (message, fields, inner message) is checked.</summary>
    private static string WithoutStackTrace(string text)
    {
        var stack = text.IndexOf(Environment.NewLine + "   at ", StringComparison.Ordinal);
        return stack < 0 ? text : text[..stack];
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => Array.IndexOf(Forbidden, c) >= 0 ? $"\\u{(int)c:x4}" : c.ToString()));
}
