namespace GenAuth.Hexagonal.Cli;

/// <summary>The environment variables <c>genauth-wechat token</c> reads. Secrets are never taken from arguments.</summary>
public static class CliEnvironment
{
    /// <summary>The GenAuth access key id (or user pool id). Not needed with <c>--source wechat</c>.</summary>
    public const string AccessKeyId = "GENAUTH_ACCESS_KEY_ID";

    /// <summary>The GenAuth access key secret. Not needed with <c>--source wechat</c>.</summary>
    public const string AccessKeySecret = "GENAUTH_ACCESS_KEY_SECRET";

    /// <summary>The WeChat app secret of the app named by <c>--app-id</c>.</summary>
    public const string AppSecret = "WECHAT_APP_SECRET";
}
