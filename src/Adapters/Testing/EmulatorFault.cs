namespace GenAuth.Hexagonal.Testing;

/// <summary>
/// A fault the <see cref="WechatTokenEmulator"/> injects instead of (or before) its normal answer.
/// Create one with the factory methods and pass it to <see cref="WechatTokenEmulator.InjectFault"/>.
/// </summary>
public abstract record EmulatorFault
{
    private protected EmulatorFault()
    {
    }

    /// <summary>Waits <paramref name="delay"/> (real time), then answers normally. A request aborted by the client ends the wait.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new LatencyFault(delay);
    }

    /// <summary>Answers with an HTTP status and an optional body, e.g. a gateway's 502 HTML page.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="body">The body; none when <see langword="null"/>.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault HttpStatus(int statusCode, string? body = null, string contentType = "text/html")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(contentType);
        return new HttpStatusFault(statusCode, body, contentType);
    }

    /// <summary>
    /// Answers with GenAuth's business-error envelope: HTTP 200,
    /// <c>{"statusCode":statusCode,"message":message,"apiCode":apiCode,"requestId":"...","data":null}</c>.
    /// </summary>
    /// <param name="statusCode">The body's <c>statusCode</c> (not 200).</param>
    /// <param name="apiCode">The body's <c>apiCode</c>.</param>
    /// <param name="message">The body's <c>message</c>.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault GenAuthError(int statusCode, int apiCode, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new GenAuthErrorFault(statusCode, apiCode, message);
    }

    /// <summary>Answers with WeChat's error body: HTTP 200, <c>{"errcode":errcode,"errmsg":errmsg}</c>.</summary>
    /// <param name="errcode">The <c>errcode</c>, e.g. -1, 40013, 40125, 40164, 45009, 45011, 89503.</param>
    /// <param name="errmsg">The <c>errmsg</c>.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault WechatError(int errcode, string errmsg)
    {
        ArgumentNullException.ThrowIfNull(errmsg);
        return new WechatErrorFault(errcode, errmsg);
    }

    /// <summary>Answers HTTP 200 with a raw body: malformed JSON, an HTML page, an empty body, ...</summary>
    /// <param name="body">The body, sent as UTF-8.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Body(string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        return new BodyFault(body, contentType);
    }

    /// <summary>
    /// Answers HTTP 200 with a well-formed but oversized JSON body of about <paramref name="byteCount"/> bytes
    /// (a GenAuth success envelope padded with a long string field), to test response size limits.
    /// </summary>
    /// <param name="byteCount">The body's approximate size. Default: 10 MiB.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault LargeBody(int byteCount = 10 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(byteCount, 0);
        const string Head = "{\"statusCode\":200,\"message\":\"ok\",\"data\":{\"accessToken\":\"oversized\",\"expiresAt\":4102444800},\"padding\":\"";
        const string Tail = "\"}";
        var padding = Math.Max(0, byteCount - Head.Length - Tail.Length);
        return new BodyFault(string.Concat(Head, new string('x', padding), Tail), "application/json");
    }

    /// <summary>Aborts the connection without any response.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault DropConnection() => new DropConnectionFault();
}
