namespace GenAuth.Hexagonal;

/// <summary>One named app in configuration (<c>Wechat:Apps:{name}</c>).</summary>
public sealed class WechatAppOptions
{
    /// <summary>The app id, e.g. <c>wx1234567890abcdef</c>. Required.</summary>
    public string? AppId { get; set; }

    /// <summary>The app secret. Required. Keep it in user secrets, the environment or a vault, never in source.</summary>
    public string? AppSecret { get; set; }

    /// <summary>
    /// The name of the token source that serves this app (e.g. <c>GenAuth</c>, <c>Wechat</c>); the default source when
    /// empty. Each app id has exactly one owner: all names that share an app id must name the same source.
    /// </summary>
    public string? Source { get; set; }
}
