namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>An app known to the emulator and its tokens. Guard every access with <see cref="Lock"/>.</summary>
internal sealed class WechatApp(string appId, string appSecret)
{
    public Lock Lock { get; } = new();

    public string AppId { get; } = appId;

    public string AppSecret { get; set; } = appSecret;

    public List<IssuedToken> Tokens { get; } = [];

    public IssuedToken? CurrentToken { get; set; }

    public IssuedToken? CurrentStable { get; set; }

    public IssuedToken? Latest { get; set; }

    public List<DateTimeOffset> ForceRefreshes { get; } = [];

    /// <summary><c>force_refresh</c> calls received since start or the last counter reset, granted or refused.</summary>
    public int ForceRefreshesRequested { get; set; }

    /// <summary>Those of <see cref="ForceRefreshesRequested"/> refused with 45009 or 45011.</summary>
    public int ForceRefreshesRefused { get; set; }
}
