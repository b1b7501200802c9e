using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// A message on the notice channel. Never a token or a secret: the app id, the kind, a token's SHA-256 at most.
/// </summary>
/// <param name="Origin">The publishing instance's random id (an instance ignores its own rejections).</param>
/// <param name="Kind">The source kind; instances of other kinds ignore it.</param>
/// <param name="AppId">The app.</param>
/// <param name="Type"><see cref="Written"/>, <see cref="Failed"/> or <see cref="Rejected"/>.</param>
/// <param name="Generation">The fencing generation of the write or failed fetch.</param>
/// <param name="TokenHash">The rejected token's SHA-256 (rejections only).</param>
/// <param name="ErrorKind">The failed fetch's <see cref="WechatTokenErrorKind"/> name (failures only).</param>
/// <param name="Transient">Whether the failed fetch was transient (failures only).</param>
internal sealed record FleetNotice(
    [property: JsonPropertyName("o")] string Origin,
    [property: JsonPropertyName("k")] string Kind,
    [property: JsonPropertyName("a")] string AppId,
    [property: JsonPropertyName("t")] string Type,
    [property: JsonPropertyName("g")] long Generation,
    [property: JsonPropertyName("h")] string? TokenHash = null,
    [property: JsonPropertyName("e")] string? ErrorKind = null,
    [property: JsonPropertyName("x")] bool Transient = false)
{
    public const string Written = "written";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}
