using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The body of <c>POST /api/v3/get-management-token</c>.</summary>
internal sealed record GenAuthManagementTokenRequest(
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("accessKeySecret")] string AccessKeySecret)
{
    public override string ToString() => $"GenAuthManagementTokenRequest {{ AccessKeyId = {AccessKeyId}, AccessKeySecret = *** }}";
}
