namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>A WeChat access token the emulator issued. Mutable fields change under the owning app's lock.</summary>
internal sealed class IssuedToken(string value, TokenFamily family, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public TokenFamily Family { get; } = family;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>When a newer token superseded this one, the end of the overlap; otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? InvalidAfter { get; set; }

    public bool Revoked { get; set; }

    public TokenStatus StatusAt(DateTimeOffset now) =>
        Revoked ? TokenStatus.Invalidated
        : now >= ExpiresAt ? TokenStatus.Expired
        : InvalidAfter is { } end && now >= end ? TokenStatus.Invalidated
        : TokenStatus.Valid;
}
