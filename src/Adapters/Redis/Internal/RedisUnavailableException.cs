namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>Internal signal: a Redis round trip failed or ran out of budget. Never reaches a caller.</summary>
internal sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException()
    {
    }

    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    public RedisUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string ErrorType { get; init; } = "unavailable";
}
