using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>GenAuth's failure envelope: HTTP 200 with a body statusCode other than 200.</summary>
internal sealed record GenAuthErrorEnvelope(int StatusCode, string Message, int ApiCode, string RequestId)
{
    public JsonElement? Data { get; init; }
}
