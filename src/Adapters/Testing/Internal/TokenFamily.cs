namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>WeChat keeps the tokens of <c>/cgi-bin/token</c> and <c>/cgi-bin/stable_token</c> apart.</summary>
internal enum TokenFamily
{
    /// <summary><c>/cgi-bin/token</c> (and GenAuth, which owns it for its apps): every call rotates.</summary>
    Token = 0,

    /// <summary><c>/cgi-bin/stable_token</c>: the same token until 5 minutes before expiry.</summary>
    Stable = 1,
}
