using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The body of the token endpoints: <c>{"appId":"..","appSecret":".."}</c>.</summary>
internal sealed record GenAuthWechatTokenRequest(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("appSecret")] string AppSecret)
{
    // Records print their members; this one holds a secret.
    public override string ToString() => $"GenAuthWechatTokenRequest {{ AppId = {AppId}, AppSecret = *** }}";
}
