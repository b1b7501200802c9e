namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>Obviously fake secrets and tokens; the suite asserts where each may and may not go.</summary>
internal static class Secrets
{
    public const string AppId = "wx5ec0000000000001";
    public const string AppSecret = "fake-app-secret-for-security-0001";
    public const string AccessKeyId = "security-access-key-id";
    public const string AccessKeySecret = "fake-access-key-secret-for-security-01";
    public const string ManagementToken = "fake-management-token-for-security-0001";
    public const string AccessToken = "81_fake_access_token_for_security_0001";
    public const string OtherAccessToken = "81_fake_access_token_for_security_0002";

    public static WechatAppCredentials Credentials { get; } = new(AppId, AppSecret);

    /// <summary>The secrets and tokens that must never show in a message, a log line, a tag or CLI output.</summary>
    public static IReadOnlyList<string> All { get; } = [AppSecret, AccessKeySecret, ManagementToken, AccessToken, OtherAccessToken];

    /// <summary>Each text that holds one of <see cref="All"/> (or <paramref name="more"/>) in any letter case, described without the value.</summary>
    public static IReadOnlyList<string> Leaks(IEnumerable<(string Source, string? Text)> texts, params string[] more)
    {
        var values = All.Concat(more).ToList();
        var leaks = new List<string>();
        foreach (var (source, text) in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var value in values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)))
            {
                var shown = text.Replace(value, "<LEAK>", StringComparison.OrdinalIgnoreCase);
                leaks.Add($"{source}: {value[..8]}… in \"{(shown.Length > 400 ? shown[..400] + "…" : shown)}\"");
            }
        }

        return leaks;
    }
}
