using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>Source-generated JSON for the WeChat DTOs. Numbers are also read from numeric strings.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(WechatTokenResponse))]
internal sealed partial class WechatJsonContext : JsonSerializerContext;
