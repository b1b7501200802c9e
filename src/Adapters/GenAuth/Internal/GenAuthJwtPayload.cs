using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The one claim of the management token's JWT payload the SDKs read (without verifying the JWT).</summary>
internal sealed class GenAuthJwtPayload
{
    [JsonPropertyName("scoped_userpool_id")]
    public string? ScopedUserPoolId { get; set; }
}
