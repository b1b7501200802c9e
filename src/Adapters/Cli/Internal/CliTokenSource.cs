namespace GenAuth.Hexagonal.Cli.Internal;

/// <summary>Where <c>genauth-wechat token</c> gets the token (<c>--source</c>).</summary>
internal enum CliTokenSource
{
    /// <summary>The token GenAuth's server caches for the app (AK/SK or management token).</summary>
    GenAuth,

    /// <summary>Straight from WeChat's <c>POST /cgi-bin/stable_token</c> (normal mode, never forced).</summary>
    Wechat,
}
