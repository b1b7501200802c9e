using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary><c>data</c> of <c>get-management-token</c>: snake_case <c>access_token</c> and <c>expires_in</c> (seconds).</summary>
internal sealed class GenAuthManagementTokenData
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    [JsonConverter(typeof(FlexibleInt64JsonConverter))]
    public long? ExpiresIn { get; set; }

    public override string ToString() => $"GenAuthManagementTokenData {{ AccessToken = ***, ExpiresIn = {ExpiresIn} }}";
}
