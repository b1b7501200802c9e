namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>GenAuth's success envelope.</summary>
internal sealed record GenAuthEnvelope<TData>(int StatusCode, string Message, string RequestId, TData Data);
