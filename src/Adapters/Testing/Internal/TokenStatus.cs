namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>What a business API thinks of an access token.</summary>
internal enum TokenStatus
{
    /// <summary>Accepted.</summary>
    Valid = 0,

    /// <summary>Never issued (errcode 40001).</summary>
    Unknown = 1,

    /// <summary>Past its expiry (errcode 42001).</summary>
    Expired = 2,

    /// <summary>Superseded beyond the overlap, force-refreshed away, or invalidated (errcode 40001).</summary>
    Invalidated = 3,
}
