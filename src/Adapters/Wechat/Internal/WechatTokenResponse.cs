using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>What both token endpoints answer: a token and its lifetime, or an <c>errcode</c>.</summary>
internal sealed class WechatTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("errcode")]
    public int? ErrorCode { get; init; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; init; }

    public override string ToString() => $"WechatTokenResponse {{ ExpiresIn = {ExpiresIn}, ErrorCode = {ErrorCode} }}";
}
