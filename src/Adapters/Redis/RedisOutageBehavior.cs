namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>What the Redis tier does with a call Redis cannot answer because it is unreachable or too slow.</summary>
public enum RedisOutageBehavior
{
    /// <summary>
    /// The default for the source's kind: <see cref="FailClosed"/> for <see cref="RedisWechatTokenDefaults.WechatTokenSourceKind"/>
    /// (an instance must not rotate the fleet's token alone), <see cref="UseSource"/> for every other kind.
    /// </summary>
    Default = 0,

    /// <summary>
    /// Ask the source directly, one fetch per app per process at a time. Safe for GenAuth and <c>stable_token</c>, which hand
    /// every caller the same token.
    /// </summary>
    UseSource = 1,

    /// <summary>Fail the call with a transient <see cref="WechatTokenException"/>; the in-process cache keeps serving what it holds.</summary>
    FailClosed = 2,
}
