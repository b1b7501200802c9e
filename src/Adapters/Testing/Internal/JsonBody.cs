using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Reads fields of a request's JSON object body.</summary>
internal static class JsonBody
{
    /// <summary>Parses <paramref name="body"/> as a JSON object; <see langword="null"/> when it is not one.</summary>
    public static JsonDocument? ParseObject(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A non-empty string field, or <see langword="null"/>.</summary>
    public static string? String(JsonDocument document, string name) =>
        document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>A boolean field (<c>true</c> or <c>"true"</c>); <see langword="false"/> when absent.</summary>
    public static bool Boolean(JsonDocument document, string name) =>
        document.RootElement.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.True
            || (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
}
