namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// The clear fields of a value in Redis (a hash): <c>v</c> format version, <c>g</c> fencing generation, <c>e</c> expiry and
/// <c>t</c> fetch time (Unix ms on the writer's clock; only their difference, the lifetime, is used by readers), <c>f</c> the
/// secret's fingerprint, <c>h</c> the token's SHA-256 (for compare-and-delete). <c>c</c>, the sealed token, is beside them.
/// </summary>
internal readonly record struct StoredFields(
    string Version, long Generation, long ExpiresAtUnixMs, long FetchedAtUnixMs, string Fingerprint, string TokenHash)
{
    public long LifetimeMs => ExpiresAtUnixMs - FetchedAtUnixMs;
}
