namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>What a request was for, so that errors can say what to fix; holds the secrets only to scrub them from upstream text.</summary>
internal sealed class GenAuthCall
{
    private readonly string[] _secrets;

    private GenAuthCall(bool isManagementToken, string endpoint, string? appId, string[] secrets)
    {
        IsManagementToken = isManagementToken;
        Endpoint = endpoint;
        AppId = appId;
        _secrets = secrets;
    }

    public bool IsManagementToken { get; }

    public string Endpoint { get; }

    public string? AppId { get; }

    public string What => IsManagementToken ? "a management token" : $"the WeChat access token for app {AppId}";

    public static GenAuthCall ForWechatToken(string endpoint, WechatAppCredentials credentials, string? accessKeySecret) =>
        new(false, endpoint, credentials.AppId, accessKeySecret is null ? [credentials.AppSecret] : [credentials.AppSecret, accessKeySecret]);

    public static GenAuthCall ForManagementToken(string? accessKeySecret) =>
        new(true, GenAuthDefaults.ManagementTokenEndpoint, null, accessKeySecret is null ? [] : [accessKeySecret]);

    /// <summary>Makes upstream text safe to put in a message: secrets removed, control characters flattened, length capped.</summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in _secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        var chars = text.Select(c => char.IsControl(c) ? ' ' : c).Take(300).ToArray();
        return new string(chars).Trim();
    }
}
