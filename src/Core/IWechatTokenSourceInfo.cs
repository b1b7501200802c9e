namespace GenAuth.Hexagonal;

/// <summary>
/// Implemented by token sources to describe themselves to the tiers above them (a shared tier derives its key names, lease
/// length and outage rule from it).
/// </summary>
public interface IWechatTokenSourceInfo
{
    /// <summary>
    /// A stable, lowercase name for the kind of token this source hands out, e.g. <c>genauth</c>, <c>wechat-stable</c>,
    /// <c>wechat-token</c>. Tokens of different kinds are different tokens and are never shared under one key.
    /// </summary>
    string TokenKind { get; }

    /// <summary>The longest one fetch may take, every attempt and every delay between attempts included.</summary>
    TimeSpan FetchBudget { get; }

    /// <summary>
    /// Whether each fetch invalidates the token every other holder has (WeChat's <c>GET /cgi-bin/token</c>): such an app must
    /// have exactly one owner, so a shared tier fails closed rather than let two instances fetch.
    /// </summary>
    bool RotatesOnFetch { get; }
}
