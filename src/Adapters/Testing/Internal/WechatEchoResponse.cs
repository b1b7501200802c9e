using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The sample business API's answer: success plus the request body echoed back.</summary>
internal sealed record WechatEchoResponse(
    [property: JsonPropertyName("errcode")] int ErrorCode,
    [property: JsonPropertyName("errmsg")] string ErrorMessage,
    [property: JsonPropertyName("echo")] JsonElement? Echo);
