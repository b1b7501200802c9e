using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Source-generated System.Text.Json metadata for every type the adapter sends or reads.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenAuthWechatTokenRequest))]
[JsonSerializable(typeof(GenAuthManagementTokenRequest))]
[JsonSerializable(typeof(GenAuthEnvelopeHeader))]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthWechatTokenData>))]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthManagementTokenData>))]
[JsonSerializable(typeof(GenAuthJwtPayload))]
internal sealed partial class GenAuthJsonContext : JsonSerializerContext;
