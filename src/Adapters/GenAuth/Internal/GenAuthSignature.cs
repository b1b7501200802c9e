using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// GenAuth's AK/SK request signature (protocol.md §2a): HMAC-SHA1 under the access key secret over
/// <c>METHOD\n</c>, the signed headers (<c>date</c> and every <c>{prefix}*</c> header, names sorted, values with
/// <c>\t\n\r\f</c> replaced by spaces and trimmed, each <c>name:value\n</c>), and the resource (path, then <c>?</c> and
/// the sorted <c>k=v</c> pairs of the query for GET or of the top-level JSON body fields otherwise).
/// </summary>
/// <remarks>The string to sign contains the app secret (a body field): never log it.</remarks>
internal static class GenAuthSignature
{
    public static string BuildStringToSign(
        string method, string path, IEnumerable<KeyValuePair<string, string>> signedHeaders, IEnumerable<KeyValuePair<string, string>> resourceParameters)
    {
        var builder = new StringBuilder(512);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        foreach (var (name, value) in signedHeaders
                     .Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), NormalizeHeaderValue(h.Value)))
                     .OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append(path);
        var first = true;
        foreach (var (key, value) in resourceParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(first ? '?' : '&').Append(key).Append('=').Append(value);
            first = false;
        }

        return builder.ToString();
    }

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "GenAuth's signature protocol is HMAC-SHA1.")]
    public static string Sign(string stringToSign, string accessKeySecret)
    {
        var key = Encoding.UTF8.GetBytes(accessKeySecret);
        var data = Encoding.UTF8.GetBytes(stringToSign);
        try
        {
            return Convert.ToBase64String(HMACSHA1.HashData(key, data));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>The top-level fields of a JSON object body, values raw (strings unquoted, objects as JSON), nulls skipped.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> BodyParameters(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
            if (value is not null)
            {
                parameters.Add(KeyValuePair.Create(property.Name, value));
            }
        }

        return parameters;
    }

    /// <summary>The query parameters of a URI, decoded (the signature uses raw values), empty values kept.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> QueryParameters(Uri uri)
    {
        var query = uri.IsAbsoluteUri ? uri.Query : string.Empty;
        if (query.Length <= 1)
        {
            return [];
        }

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = separator < 0 ? pair : pair[..separator];
            var value = separator < 0 ? string.Empty : pair[(separator + 1)..];
            parameters.Add(KeyValuePair.Create(Decode(key), Decode(value)));
        }

        return parameters;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string NormalizeHeaderValue(string value) =>
        value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('\f', ' ').Trim();
}
