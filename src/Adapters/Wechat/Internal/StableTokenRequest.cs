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

    /// <summary>Always <see langword="false"/>: a forced refresh invalidates everybody's token, and this library never forces one.</summary>
    [JsonPropertyName("force_refresh")]
    public bool ForceRefresh { get; init; }

    public override string ToString() => $"StableTokenRequest {{ AppId = {AppId}, Secret = *** }}";
}
