namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>A cached management token. <see cref="ToString"/> never shows the token.</summary>
internal sealed record GenAuthManagementToken(string Value, string UserPoolId, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
{
    public override string ToString() => $"GenAuthManagementToken {{ Value = ***, UserPoolId = {UserPoolId}, ExpiresAt = {ExpiresAt:O} }}";
}
