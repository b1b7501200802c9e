namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>A GenAuth access key known to the emulator.</summary>
internal sealed record AccessKey(string Id, string Secret, string UserPoolId);
