namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The <c>data</c> of the GenAuth token endpoints with <c>expiresAt</c> as a numeric string.</summary>
internal sealed record GenAuthTokenStringData(string AccessToken, string ExpiresAt);
