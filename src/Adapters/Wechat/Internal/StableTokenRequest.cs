using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>The body of <c>POST /cgi-bin/stable_token</c>. Holds the secret: never log or format it.</summary>
internal sealed class StableTokenRequest
{
    [JsonPropertyName("grant_type")]
    public string GrantType { get; init; } = "client_credential";

    [JsonPropertyName("appid")]
    public required string AppId { get; init; }

    [JsonPropertyName("secret")]
    public required string Secret { get; init; }

    /// <summary>
    /// <see langword="false"/> except for the one forced refresh <see cref="WechatApiTokenProvider.RefreshAsync"/> may make after
    /// a rejection: a forced refresh invalidates everybody's token.
    /// </summary>
    [JsonPropertyName("force_refresh")]
    public bool ForceRefresh { get; init; }

    public override string ToString() => $"StableTokenRequest {{ AppId = {AppId}, Secret = *** }}";
}
