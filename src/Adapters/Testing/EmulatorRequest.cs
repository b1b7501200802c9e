namespace GenAuth.Hexagonal.Testing;

/// <summary>
/// One request the <see cref="WechatTokenEmulator"/> received, with how it was answered.
/// </summary>
/// <remarks>
/// <see cref="Body"/>, <see cref="Query"/> and some <see cref="Headers"/> hold secrets and tokens (app secrets,
/// signatures, <c>access_token</c>): assert on them, never print them. <see cref="ToString"/> leaves them out.
/// </remarks>
public sealed class EmulatorRequest
{
    /// <summary>The order in which the request arrived, starting at 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the request arrived, by the emulator's <see cref="WechatTokenEmulatorOptions.TimeProvider"/>.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path, e.g. <c>/api/v3/get-weixin-access-token</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The query string including its leading <c>?</c>, or empty. May hold an <c>access_token</c> or a secret.</summary>
    public required string Query { get; init; }

    /// <summary>A copy of the request headers; names are case-insensitive, repeated values are joined with commas.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The longest <see cref="Body"/> kept in a record: 64 Ki characters. Longer bodies are truncated (<see cref="BodyLength"/> tells).</summary>
    public const int MaxRecordedBodyLength = 64 * 1024;

    /// <summary>
    /// The request body as UTF-8 text (empty for none), at most its first <see cref="MaxRecordedBodyLength"/> characters,
    /// so an emulator that lives through many large requests holds a bounded log. May hold secrets.
    /// </summary>
    public required string Body { get; init; }

    /// <summary>The length, in characters, of the whole body as received; larger than <c>Body.Length</c> when the record was truncated.</summary>
    public long BodyLength { get; init; }

    /// <summary>The HTTP status answered, or 0 when the connection was dropped or the client went away.</summary>
    public required int StatusCode { get; init; }

    /// <summary>
    /// What the emulator decided, e.g. <c>ok</c>, <c>genauth:401:401003</c> (GenAuth statusCode and apiCode),
    /// <c>wechat:40001</c>, <c>fault:DropConnection</c>, <c>aborted</c>, <c>not-found</c>.
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>Shows the method, path, status and outcome; never the query, headers or body.</summary>
    /// <returns>For example <c>#3 POST /cgi-bin/stable_token -> 200 ok</c>.</returns>
    public override string ToString() => $"#{Sequence} {Method} {Path} -> {StatusCode} {Outcome}";
}
