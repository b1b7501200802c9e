using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace GenAuth.Hexagonal;

/// <summary>
/// A WeChat access token and its absolute expiry. <see cref="ToString"/> redacts the value.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class WechatAccessToken : IEquatable<WechatAccessToken>
{
    /// <summary>The longest token accepted. WeChat documents tokens of up to 512 characters.</summary>
    public const int MaxLength = 2048;

    /// <summary>Creates a token.</summary>
    /// <param name="value">The token as WeChat issued it.</param>
    /// <param name="expiresAt">When WeChat stops accepting it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long, or holds whitespace, control or non-ASCII characters.</exception>
    public WechatAccessToken(string value, DateTimeOffset expiresAt)
    {
        Internal.CredentialValidation.Validate(value, nameof(value), "access token", MaxLength);
        Value = value;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token. Send it to WeChat; never log it.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string Value { get; }

    /// <summary>When WeChat stops accepting the token.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary><see cref="ExpiresAt"/> as Unix time in seconds, the form GenAuth returns.</summary>
    public long ExpiresAtUnixSeconds => ExpiresAt.ToUnixTimeSeconds();

    /// <summary>
    /// A form of the token that is safe to show: its first 6 characters (only for tokens of 24
    /// characters or more) and its length, e.g. <c>81_AbC…(136 chars)</c>.
    /// </summary>
    public string RedactedValue => Value.Length >= 24 ? $"{Value[..6]}…({Value.Length} chars)" : $"***({Value.Length} chars)";

    /// <inheritdoc />
    public bool Equals([NotNullWhen(true)] WechatAccessToken? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && ExpiresAt == other.ExpiresAt
            && string.Equals(Value, other.Value, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as WechatAccessToken);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Value), ExpiresAt);

    /// <summary>Shows the redacted token and its expiry.</summary>
    /// <returns>For example <c>WechatAccessToken { Value = 81_AbC…(136 chars), ExpiresAt = 2026-11-24T14:00:00.0000000+00:00 }</c>.</returns>
    public override string ToString() => $"WechatAccessToken {{ Value = {RedactedValue}, ExpiresAt = {ExpiresAt:O} }}";
}
