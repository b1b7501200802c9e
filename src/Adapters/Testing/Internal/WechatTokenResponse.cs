using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>WeChat's token success body.</summary>
internal sealed record WechatTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);
