namespace GenAuth.Hexagonal;

/// <summary>Which upstream service a <see cref="WechatTokenException"/> came from.</summary>
public enum WechatTokenSource
{
    /// <summary>Not known (for example an exception built by user code).</summary>
    Unknown = 0,

    /// <summary>The GenAuth (or Authing) server, which caches the token centrally.</summary>
    GenAuth = 1,

    /// <summary>WeChat's own API (<c>api.weixin.qq.com</c>).</summary>
    Wechat = 2,
}
