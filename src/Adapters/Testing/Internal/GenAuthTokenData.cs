namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The <c>data</c> of the GenAuth token endpoints with <c>expiresAt</c> as a number.</summary>
internal sealed record GenAuthTokenData(string AccessToken, long ExpiresAt);
