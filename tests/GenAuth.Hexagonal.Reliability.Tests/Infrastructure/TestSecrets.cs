namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>Obviously fake secrets registered with the emulator; the suite asserts none of them ever shows up in output.</summary>
internal static class TestSecrets
{
    public const string AppId = "wx00000000rel00001";
    public const string AppSecret = "fake-app-secret-for-tests-0001";
    public const string OtherAppSecret = "fake-app-secret-for-tests-0002";
    public const string AccessKeyId = "reliability-access-key-id";
    public const string AccessKeySecret = "fake-access-key-secret-for-tests-0001";
    public const string UserPoolId = "reliability-user-pool";

    public static WechatAppCredentials Credentials { get; } = new(AppId, AppSecret);

    /// <summary>Every secret the suite knows about (the emulator's defaults included).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AppSecret, OtherAppSecret, AccessKeySecret,
        Testing.WechatTokenEmulator.DefaultAppSecret, Testing.WechatTokenEmulator.DefaultAccessKeySecret,
    ];

    /// <summary>Registers the suite's access key and app with <paramref name="emulator"/>.</summary>
    public static Testing.WechatTokenEmulator Register(Testing.WechatTokenEmulator emulator)
    {
        emulator.AddAccessKey(AccessKeyId, AccessKeySecret, UserPoolId);
        emulator.AddApp(AppId, AppSecret);
        return emulator;
    }

    /// <summary>Asserts that <paramref name="text"/> holds no secret and none of <paramref name="tokens"/>.</summary>
    public static void AssertClean(string? text, IEnumerable<string>? tokens = null, string? because = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var secret in All.Concat(tokens ?? []))
        {
            text.Should().NotContain(secret, because ?? "no secret or whole token may appear in output");
        }
    }
}
