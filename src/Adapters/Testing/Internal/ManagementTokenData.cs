using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The <c>data</c> of <c>/api/v3/get-management-token</c> (snake_case, as GenAuth sends it).</summary>
internal sealed record ManagementTokenData(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);
