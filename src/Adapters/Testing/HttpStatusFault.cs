namespace GenAuth.Hexagonal.Testing;

/// <summary>Answers with an HTTP status. Created by <see cref="EmulatorFault.HttpStatus"/>.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Content">The body, or <see langword="null"/> for none.</param>
/// <param name="ContentType">The body's content type.</param>
public sealed record HttpStatusFault(int StatusCode, string? Content, string ContentType) : EmulatorFault;
