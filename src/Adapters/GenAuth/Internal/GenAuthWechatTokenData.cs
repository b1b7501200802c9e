using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary><c>data</c> of the token endpoints: <c>{"accessToken":"..","expiresAt":1795559059}</c> (Unix seconds, number or numeric string).</summary>
internal sealed class GenAuthWechatTokenData
{
    [JsonPropertyName("accessToken")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expiresAt")]
    [JsonConverter(typeof(FlexibleInt64JsonConverter))]
    public long? ExpiresAt { get; set; }

    public override string ToString() => $"GenAuthWechatTokenData {{ AccessToken = ***, ExpiresAt = {ExpiresAt} }}";
}
