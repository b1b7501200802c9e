namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Why a GenAuth request was not authenticated: the envelope's apiCode and message (statusCode 401).</summary>
internal sealed record AuthFailure(int ApiCode, string Message);
