using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>A GenAuth answer with its <c>data</c>; only <c>data</c> matters here, the rest is read by <see cref="GenAuthEnvelopeHeader"/>.</summary>
internal sealed class GenAuthEnvelope<TData>
    where TData : class
{
    [JsonPropertyName("data")]
    public TData? Data { get; set; }
}
