namespace GenAuth.Hexagonal.Testing;

/// <summary>Answers with GenAuth's business-error envelope (HTTP 200). Created by <see cref="EmulatorFault.GenAuthError"/>.</summary>
/// <param name="StatusCode">The body's <c>statusCode</c>.</param>
/// <param name="ApiCode">The body's <c>apiCode</c>.</param>
/// <param name="Message">The body's <c>message</c>.</param>
public sealed record GenAuthErrorFault(int StatusCode, int ApiCode, string Message) : EmulatorFault;
