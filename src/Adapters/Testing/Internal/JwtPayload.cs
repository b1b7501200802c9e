using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The payload of an emulator management token.</summary>
internal sealed record JwtPayload(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("scoped_userpool_id")] string ScopedUserPoolId,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt,
    [property: JsonPropertyName("jti")] string Id);
