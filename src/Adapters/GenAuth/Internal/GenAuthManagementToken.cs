namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// A cached management token: sent until <see cref="RefreshAt"/> without a second thought, then while a refresh runs until
/// <see cref="UsableUntil"/> (<c>min(30 s, a tenth of its lifetime)</c> before <see cref="ExpiresAt"/>). <see cref="ToString"/>
/// never shows the token.
/// </summary>
internal sealed record GenAuthManagementToken(
    string Value, string UserPoolId, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt, DateTimeOffset UsableUntil)
{
    public override string ToString() => $"GenAuthManagementToken {{ Value = ***, UserPoolId = {UserPoolId}, ExpiresAt = {ExpiresAt:O} }}";
}
