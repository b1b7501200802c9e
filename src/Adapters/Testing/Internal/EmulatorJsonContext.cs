using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Source-generated JSON metadata for everything the emulator writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthTokenData>))]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthTokenStringData>))]
[JsonSerializable(typeof(GenAuthEnvelope<ManagementTokenData>))]
[JsonSerializable(typeof(GenAuthErrorEnvelope))]
[JsonSerializable(typeof(WechatTokenResponse))]
[JsonSerializable(typeof(WechatErrorResponse))]
[JsonSerializable(typeof(WechatEchoResponse))]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(JwtPayload))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
