using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// Source-generated JSON for the WeChat DTOs. Numbers are also read from numeric strings. A repeated property
/// (<c>{"errcode":40001,"errcode":0}</c>) is an error, never "the last one wins".
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(WechatTokenResponse))]
internal sealed partial class WechatJsonContext : JsonSerializerContext;
