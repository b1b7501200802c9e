using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Tests;

/// <summary>
/// A test-only AK/SK signer written from protocol.md §2a, independent of the emulator's verifier and of the
/// GenAuth adapter's signing handler.
/// </summary>
internal static class TestSigner
{
    public const string TestVectorAccessKeyId = "5f1c2d3e4a5b6c7d8e9f0a1b";
    public const string TestVectorSecret = "example-access-key-secret";
    public const string TestVectorDate = "Tue, 24 Nov 2026 12:00:00 GMT";
    public const string TestVectorNonce = "6f1c0e2ab1d84c7e9a3b5d7f0c2e4a6b";
    public const string TestVectorBody = """{"appId":"wx1234567890abcdef","appSecret":"0123456789abcdef0123456789abcdef"}""";

    public static string PrefixOf(string brand) => brand == "GenAuth" ? "x-genauth-" : "x-authing-";

    /// <summary>The signature headers (without authorization) a request carries for a brand.</summary>
    public static SortedDictionary<string, string> Headers(string brand, string date, string nonce)
    {
        var prefix = PrefixOf(brand);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = date,
            [prefix + "lang"] = "zh-CN",
            [prefix + "sdk-version"] = "genauth-hexagonal:1.0.0",
            [prefix + "signature-method"] = "HMAC-SHA1",
            [prefix + "signature-nonce"] = nonce,
            [prefix + "signature-version"] = "1.0",
        };
    }

    public static string StringToSign(string method, string path, IDictionary<string, string> headers, string? jsonBody)
    {
        var builder = new StringBuilder(method).Append('\n');
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('\f', ' ').Trim()).Append('\n');
        }

        builder.Append(path);
        if (jsonBody is not null)
        {
            using var document = JsonDocument.Parse(jsonBody);
            var pairs = document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
                .ToList();
            if (pairs.Count > 0)
            {
                builder.Append('?').Append(string.Join("&", pairs));
            }
        }

        return builder.ToString();
    }

    public static string Sign(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string Authorization(string brand, string accessKeyId, string signature) =>
        $"{(brand == "GenAuth" ? "GenAuth" : "authing")} {accessKeyId}:{signature}";

    public static string Rfc1123(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Builds a signed POST of <paramref name="jsonBody"/>.</summary>
    public static HttpRequestMessage SignedPost(
        string brand, string path, string jsonBody, string accessKeyId, string secret, DateTimeOffset date, string? nonce = null,
        IDictionary<string, string>? extraHeaders = null)
    {
        var headers = Headers(brand, Rfc1123(date), nonce ?? NewNonce());
        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }

        var signature = Sign(secret, StringToSign("POST", path, headers, jsonBody));
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(jsonBody, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("authorization", Authorization(brand, accessKeyId, signature));
        return request;
    }
}
