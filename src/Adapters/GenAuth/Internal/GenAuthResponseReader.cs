using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Reads a GenAuth answer as raw text and classifies it: non-2xx statuses, empty bodies, HTML pages, malformed JSON,
/// wrong types and business errors (<c>statusCode</c> ≠ 200) become <see cref="WechatTokenException"/>s.
/// </summary>
internal static class GenAuthResponseReader
{
    /// <summary>The largest body read; token answers are a few hundred bytes.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Unix seconds beyond this are surely milliseconds (year 5138).</summary>
    private const long MaxPlausibleUnixSeconds = 100_000_000_000;

    /// <summary>
    /// Reads the body within <paramref name="timeout"/>: the resilience pipeline's attempt timeout ends when the headers
    /// arrive, so a body that trickles in needs its own limit. Its expiry surfaces as an <see cref="OperationCanceledException"/>
    /// while <paramref name="cancellationToken"/> is not cancelled, which callers map to a timeout.
    /// </summary>
    public static async Task<string> ReadBodyAsync(
        GenAuthCall call, HttpResponseMessage response, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var encoding = EncodingOf(call, response);
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var bytes = await ReadBytesAsync(response, linked.Token).ConfigureAwait(false);
        return encoding.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    /// <summary>
    /// The body's encoding: UTF-8 without a charset; a charset .NET does not know (<c>utf-7</c> is refused since .NET 5)
    /// makes a success answer unusable rather than guessed at (an error answer is read as UTF-8 for its details).
    /// </summary>
    private static Encoding EncodingOf(GenAuthCall call, HttpResponseMessage response)
    {
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim().Trim('"');
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (Exception ex) when ((ex is ArgumentException or NotSupportedException) && response.IsSuccessStatusCode)
        {
            throw GenAuthErrors.InvalidResponse(
                call, (int)response.StatusCode, $"the body's charset \"{call.Scrub(charset)}\" is not supported (JSON is UTF-8)",
                "A proxy or gateway may be answering instead of GenAuth: check GenAuth:Host.");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }

    private static async Task<MemoryStream> ReadBytesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"The body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }

    /// <summary>Classifies the answer and returns its <c>data</c> when <c>statusCode</c> is 200.</summary>
    public static (GenAuthEnvelopeHeader Header, TData? Data) ReadData<TData>(
        GenAuthCall call, HttpResponseMessage response, string body, JsonTypeInfo<GenAuthEnvelope<TData>> typeInfo)
        where TData : class
    {
        var httpStatus = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType;
        var text = body.AsSpan().Trim();
        var success = httpStatus is >= 200 and <= 299;
        GenAuthEnvelopeHeader? header = null;
        JsonException? headerError = null;
        if (text.Length > 0 && text[0] == '{')
        {
            try
            {
                header = JsonSerializer.Deserialize(body, GenAuthJsonContext.Default.GenAuthEnvelopeHeader);
            }
            catch (JsonException ex)
            {
                headerError = ex;
            }
        }

        if (!success)
        {
            throw GenAuthErrors.HttpError(call, httpStatus, header, response);
        }

        if (text.Length == 0)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"the body is empty (HTTP {httpStatus})",
                "A proxy or gateway in front of GenAuth may be answering: check GenAuth:Host.");
        }

        if (text[0] == '<' || contentType?.MediaType is "text/html")
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"the body is an HTML page (HTTP {httpStatus}, {contentType?.MediaType ?? "no content type"}), not JSON",
                "A proxy, gateway or login page may be answering instead of GenAuth: check GenAuth:Host and GenAuth:Endpoint.");
        }

        if (header is null)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, headerError is null ? "the body is not a JSON object" : "the body is not valid JSON (or repeats a field) or its fields have unexpected types",
                "Check GenAuth:Host points at the GenAuth API.", inner: headerError);
        }

        if (header.StatusCode is null)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "the body has no statusCode", "Check GenAuth:Host points at the GenAuth API.", header);
        }

        if (header.StatusCode != 200)
        {
            throw GenAuthErrors.UpstreamError(call, httpStatus, header);
        }

        try
        {
            return (header, JsonSerializer.Deserialize(body, typeInfo)?.Data);
        }
        catch (JsonException ex)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"the data fields have unexpected types or repeat{(ex.Path is null ? string.Empty : $" (at {call.Scrub(ex.Path)})")}",
                "Check GenAuth:Endpoint: the answer does not have the documented shape.", header, ex);
        }
    }

    /// <summary>
    /// Reads a token endpoint's answer into a <see cref="WechatAccessToken"/>. <c>data.expiresAt</c> is on GenAuth's clock;
    /// when the answer has a <c>Date</c> header (GenAuth's clock too) the expiry is corrected by it, only ever shortened:
    /// <c>receipt + min(expiresAt − Date, expiresAt − receipt)</c>. Without one it is used as it is.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="response">The answer.</param>
    /// <param name="body">Its body.</param>
    /// <param name="receipt">When the answer was received, by this server's clock.</param>
    /// <param name="serverDate">The answer's <c>Date</c>, or <see langword="null"/> when it had none.</param>
    /// <returns>The token, expiring at the corrected moment.</returns>
    public static WechatAccessToken ReadWechatToken(
        GenAuthCall call, HttpResponseMessage response, string body, DateTimeOffset receipt, out DateTimeOffset? serverDate)
    {
        var httpStatus = (int)response.StatusCode;
        serverDate = response.Headers.Date;
        var (header, data) = ReadData(call, response, body, GenAuthJsonContext.Default.GenAuthEnvelopeGenAuthWechatTokenData);
        if (data is null || string.IsNullOrEmpty(data.AccessToken))
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "data.accessToken is missing although statusCode is 200",
                "Check that the app's WeChat credentials are configured in GenAuth, and GenAuth:Endpoint.", header);
        }

        if (data.ExpiresAt is not { } expiresAtSeconds)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "data.expiresAt is missing", "Check GenAuth:Endpoint: the answer does not have the documented shape.", header);
        }

        if (expiresAtSeconds > MaxPlausibleUnixSeconds || expiresAtSeconds < 0)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"data.expiresAt ({expiresAtSeconds}) is not a plausible Unix time in seconds",
                "Check GenAuth:Endpoint: the answer does not have the documented shape.", header);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAtSeconds);
        if (expiresAt <= receipt)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"data.expiresAt ({expiresAt:O}) is already past (now {receipt:O})",
                "Check this server's clock; if it is right, GenAuth handed out an expired token: retry later or report it with the requestId.", header);
        }

        if (serverDate is { } date && expiresAt <= date)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, $"data.expiresAt ({expiresAt:O}) is not after the answer's own Date header ({date:O}): by GenAuth's clock the token has expired",
                "Retry later, or report it to GenAuth with the requestId.", header);
        }

        // Only ever shortened: a GenAuth clock ahead of ours means the token dies earlier than expiresAt reads here; a
        // GenAuth clock behind ours cannot lengthen it (expiresAt − receipt is the most it is trusted for).
        if (serverDate is { } serverNow && serverNow > receipt)
        {
            expiresAt = receipt + (expiresAt - serverNow);
        }

        try
        {
            return new WechatAccessToken(data.AccessToken, expiresAt);
        }
        catch (ArgumentException ex)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "data.accessToken is not a valid access token", "Report it to GenAuth with the requestId.", header, ex);
        }
    }
}
