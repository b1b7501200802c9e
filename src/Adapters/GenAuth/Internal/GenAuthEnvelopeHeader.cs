using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The fields every GenAuth answer carries; read first, so a failure is reported even when <c>data</c> is odd.</summary>
internal sealed class GenAuthEnvelopeHeader
{
    [JsonPropertyName("statusCode")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? StatusCode { get; set; }

    [JsonPropertyName("apiCode")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? ApiCode { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }
}
