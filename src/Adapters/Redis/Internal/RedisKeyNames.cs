using System.Text;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// The keys of one app and one source kind. All share the Cluster hash tag <c>{appId}</c>, so one Lua script may touch
/// them together: <c>{prefix}:{appId}:{kind}:token</c> (the value), <c>:lease</c>, <c>:fence</c>, <c>:pause</c>,
/// <c>:rejected</c>, <c>:force</c> and <c>:force-day:{yyyyMMdd}</c>. No key holds a secret or a token.
/// </summary>
internal sealed class RedisKeyNames
{
    private RedisKeyNames(string stem)
    {
        Stem = stem;
        Value = stem + "token";
        Lease = stem + "lease";
        Fence = stem + "fence";
        Pause = stem + "pause";
        Rejected = stem + "rejected";
        ForceSpacing = stem + "force";
    }

    /// <summary>The common beginning, e.g. <c>genauth:wechat-token:{wx123}:genauth:</c>.</summary>
    public string Stem { get; }

    public RedisKey Value { get; }

    public RedisKey Lease { get; }

    public RedisKey Fence { get; }

    public RedisKey Pause { get; }

    public RedisKey Rejected { get; }

    public RedisKey ForceSpacing { get; }

    /// <summary>The value key as text: part of the associated data of the encryption.</summary>
    public string ValueName => Stem + "token";

    public RedisKey ForceDay(string day) => Stem + "force-day:" + day;

    public static RedisKeyNames For(string prefix, string appId, string sourceKind) =>
        new(prefix + ":{" + EscapeTag(appId) + "}:" + sourceKind + ":");

    /// <summary>Keeps the hash tag intact: braces and the escape character itself are percent-encoded.</summary>
    internal static string EscapeTag(string appId)
    {
        if (appId.AsSpan().IndexOfAny('{', '}', '%') < 0)
        {
            return appId;
        }

        var builder = new StringBuilder(appId.Length + 8);
        foreach (var c in appId)
        {
            _ = c switch
            {
                '{' => builder.Append("%7B"),
                '}' => builder.Append("%7D"),
                '%' => builder.Append("%25"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
