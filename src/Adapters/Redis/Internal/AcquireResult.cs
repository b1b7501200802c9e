using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>What the acquire script answered: a status, the value's PTTL, two numbers and the value's raw fields.</summary>
internal sealed class AcquireResult
{
    public required string Status { get; init; }

    /// <summary>The value's remaining lifetime in ms, read in the same round trip (-2: no value).</summary>
    public long ValuePttl { get; init; }

    /// <summary><c>won</c>: the generation; <c>held</c>: the lease's PTTL; <c>ahead</c>: 1 when another instance holds the lease.</summary>
    public long A { get; init; }

    /// <summary><c>held</c>: the current fencing generation.</summary>
    public long B { get; init; }

    public RedisValue Version { get; init; }

    public RedisValue Generation { get; init; }

    public RedisValue Fingerprint { get; init; }

    public RedisValue TokenHash { get; init; }

    public RedisValue ExpiresAt { get; init; }

    public RedisValue FetchedAt { get; init; }

    public RedisValue Sealed { get; init; }

    public bool HasValue => !Version.IsNull && ValuePttl > 0;

    public static AcquireResult Parse(RedisResult result)
    {
        var items = (RedisResult[]?)result ?? throw new RedisException("The acquire script returned no array.");
        if (items.Length != 11)
        {
            throw new RedisException("The acquire script returned an unexpected shape.");
        }

        return new AcquireResult
        {
            Status = (string?)items[0] ?? string.Empty,
            ValuePttl = (long)items[1],
            A = (long)items[2],
            B = (long)items[3],
            Version = (RedisValue)items[4],
            Generation = (RedisValue)items[5],
            Fingerprint = (RedisValue)items[6],
            TokenHash = (RedisValue)items[7],
            ExpiresAt = (RedisValue)items[8],
            FetchedAt = (RedisValue)items[9],
            Sealed = (RedisValue)items[10],
        };
    }
}
