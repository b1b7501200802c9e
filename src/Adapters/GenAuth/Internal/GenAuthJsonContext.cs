using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Source-generated System.Text.Json metadata for every type the adapter sends or reads. A repeated property
/// (<c>{"statusCode":500,"statusCode":200}</c>) is an error, never "the last one wins".
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(GenAuthWechatTokenRequest))]
[JsonSerializable(typeof(GenAuthManagementTokenRequest))]
[JsonSerializable(typeof(GenAuthEnvelopeHeader))]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthWechatTokenData>))]
[JsonSerializable(typeof(GenAuthEnvelope<GenAuthManagementTokenData>))]
[JsonSerializable(typeof(GenAuthJwtPayload))]
internal sealed partial class GenAuthJsonContext : JsonSerializerContext;
