using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace GenAuth.Hexagonal;

/// <summary>
/// The identity of a <see cref="WechatAppCredentials"/> for caches and maps: the app id plus a keyed
/// fingerprint of the secret. It never holds the secret, and the fingerprint is keyed with a random
/// per-process key, so it cannot be used to guess the secret offline.
/// </summary>
/// <remarks>
/// The hash code is computed once and equality checks the reference first, so using this as a
/// dictionary or <c>MemoryCache</c> key costs no string hashing on a lookup.
/// </remarks>
public sealed class WechatCredentialsKey : IEquatable<WechatCredentialsKey>
{
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);
    private readonly int _hashCode;

    private WechatCredentialsKey(string appId, string fingerprint)
    {
        AppId = appId;
        Fingerprint = fingerprint;
        _hashCode = HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(appId),
            StringComparer.Ordinal.GetHashCode(fingerprint));
    }

    /// <summary>The app id.</summary>
    public string AppId { get; }

    /// <summary>Lower-case hex of the first 16 bytes of HMAC-SHA256(per-process key, app id and secret).</summary>
    public string Fingerprint { get; }

    internal static WechatCredentialsKey Create(string appId, string appSecret)
    {
        var input = Encoding.UTF8.GetBytes(appId + "\n" + appSecret);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(ProcessKey, input, mac);
        CryptographicOperations.ZeroMemory(input);
        return new WechatCredentialsKey(appId, Convert.ToHexStringLower(mac[..16]));
    }

    /// <inheritdoc />
    public bool Equals([NotNullWhen(true)] WechatCredentialsKey? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && _hashCode == other._hashCode
            && string.Equals(AppId, other.AppId, StringComparison.Ordinal)
            && string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as WechatCredentialsKey);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <summary>The app id and the first 8 hex digits of the fingerprint, e.g. <c>wx1234567890abcdef#1a2b3c4d</c>.</summary>
    /// <returns>A string that is safe to log.</returns>
    public override string ToString() => $"{AppId}#{Fingerprint[..8]}";
}
