namespace GenAuth.Hexagonal.Cli;

/// <summary>Exit codes of <c>genauth-wechat</c>.</summary>
public static class CliExitCodes
{
    /// <summary>The token was printed.</summary>
    public const int Success = 0;

    /// <summary>The upstream (GenAuth or WeChat) refused or failed; stderr says why.</summary>
    public const int UpstreamFailure = 1;

    /// <summary>Arguments or environment are missing or invalid; stderr says which.</summary>
    public const int ConfigurationError = 2;

    /// <summary>The upstream failed in a way that retrying later can fix (timeouts, 5xx, WeChat -1).</summary>
    public const int TransientFailure = 3;

    /// <summary>The command was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
