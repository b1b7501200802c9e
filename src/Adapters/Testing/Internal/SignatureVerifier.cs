using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>
/// Checks GenAuth/Authing AK/SK request signatures (protocol.md §2a) with the emulator's own
/// canonicalisation, deliberately independent of the client library's signing code.
/// </summary>
internal sealed class SignatureVerifier(
    Func<string, AccessKey?> findAccessKey, NonceStore nonces, TimeProvider timeProvider, TimeSpan allowedClockSkew)
{
    private static readonly JsonWriterOptions CompactJson = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Maps an authorization scheme to its header prefix: <c>GenAuth</c> → <c>x-genauth-</c>, <c>authing</c> → <c>x-authing-</c>.</summary>
    public static string? PrefixForScheme(string scheme) =>
        scheme.Equals("GenAuth", StringComparison.OrdinalIgnoreCase) ? "x-genauth-"
        : scheme.Equals("authing", StringComparison.OrdinalIgnoreCase) ? "x-authing-"
        : null;

    /// <summary>Verifies a request whose <c>authorization</c> is <c>{scheme} {credential}</c>.</summary>
    /// <returns><see langword="null"/> when the request is authentic, else why not.</returns>
    public AuthFailure? Verify(HttpRequest request, string prefix, string credential, string body, out AccessKey? accessKey)
    {
        accessKey = null;
        var colon = credential.LastIndexOf(':');
        if (colon <= 0 || colon == credential.Length - 1)
        {
            return new AuthFailure(EmulatorApiCodes.AuthorizationMissing, "The authorization header must be '<scheme> <accessKeyId>:<signature>'.");
        }

        var accessKeyId = credential[..colon];
        var signature = credential[(colon + 1)..];
        accessKey = findAccessKey(accessKeyId);
        if (accessKey is null)
        {
            return new AuthFailure(EmulatorApiCodes.AccessKeyUnknown, "The access key id is not known.");
        }

        var nonce = request.Headers[prefix + "signature-nonce"].ToString();
        if (nonce.Length == 0)
        {
            return new AuthFailure(EmulatorApiCodes.SignatureHeaderInvalid, $"The {prefix}signature-nonce header is missing.");
        }

        if (!string.Equals(request.Headers[prefix + "signature-method"].ToString(), "HMAC-SHA1", StringComparison.Ordinal))
        {
            return new AuthFailure(EmulatorApiCodes.SignatureHeaderInvalid, $"The {prefix}signature-method header must be HMAC-SHA1.");
        }

        if (!string.Equals(request.Headers[prefix + "signature-version"].ToString(), "1.0", StringComparison.Ordinal))
        {
            return new AuthFailure(EmulatorApiCodes.SignatureHeaderInvalid, $"The {prefix}signature-version header must be 1.0.");
        }

        var stringToSign = BuildStringToSign(request, prefix, body);
        var expected = ComputeSignature(accessKey.Secret, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return new AuthFailure(EmulatorApiCodes.SignatureMismatch, "The request signature does not match.");
        }

        var now = timeProvider.GetUtcNow();
        if (!TryParseDate(request.Headers.Date.ToString(), out var date))
        {
            return new AuthFailure(EmulatorApiCodes.DateOutOfRange, "The date header is missing or not an RFC 1123 date.");
        }

        if ((date - now).Duration() > allowedClockSkew)
        {
            return new AuthFailure(EmulatorApiCodes.DateOutOfRange, "The date header is too far from the server's clock.");
        }

        if (!nonces.TryUse(accessKeyId, nonce, now, date + allowedClockSkew))
        {
            return new AuthFailure(EmulatorApiCodes.NonceReplayed, "The signature nonce has already been used.");
        }

        return null;
    }

    /// <summary>Builds the string to sign of <paramref name="request"/> (protocol.md §2a).</summary>
    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "The protocol signs lower-case header names.")]
    public static string BuildStringToSign(HttpRequest request, string prefix, string body)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower == "date" || lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                headers.Add(new(lower, NormaliseHeaderValue(values.ToString())));
            }
        }

        headers.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append(request.Path.Value);
        var pairs = HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsHead(request.Method)
            ? QueryPairs(request.Query)
            : BodyPairs(body);
        if (pairs.Count > 0)
        {
            pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            builder.Append('?');
            for (var i = 0; i < pairs.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append('&');
                }

                builder.Append(pairs[i].Key).Append('=').Append(pairs[i].Value);
            }
        }

        return builder.ToString();
    }

    /// <summary>base64(HMAC-SHA1(secret, UTF-8 string to sign)).</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "The GenAuth signature protocol mandates HMAC-SHA1.")]
    public static string ComputeSignature(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    private static string NormaliseHeaderValue(string value) =>
        value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('\f', ' ').Trim();

    private static List<KeyValuePair<string, string>> QueryPairs(IQueryCollection query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in query)
        {
            pairs.Add(new(key, values.ToString()));
        }

        return pairs;
    }

    private static List<KeyValuePair<string, string>> BodyPairs(string body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return pairs;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return pairs;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (value.ValueKind)
                {
                    case JsonValueKind.Null:
                    case JsonValueKind.Undefined:
                        continue;
                    case JsonValueKind.String:
                        pairs.Add(new(property.Name, value.GetString()!));
                        break;
                    case JsonValueKind.True:
                        pairs.Add(new(property.Name, "true"));
                        break;
                    case JsonValueKind.False:
                        pairs.Add(new(property.Name, "false"));
                        break;
                    case JsonValueKind.Number:
                        pairs.Add(new(property.Name, value.GetRawText()));
                        break;
                    default:
                        pairs.Add(new(property.Name, Compact(value)));
                        break;
                }
            }
        }
        catch (JsonException)
        {
            pairs.Clear();
        }

        return pairs;
    }

    /// <summary>An object or array value as <c>JSON.stringify</c> would write it: compact, non-ASCII unescaped.</summary>
    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryParseDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
        || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
}
