using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>Source-generated JSON for the notices on the channel.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(FleetNotice))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
