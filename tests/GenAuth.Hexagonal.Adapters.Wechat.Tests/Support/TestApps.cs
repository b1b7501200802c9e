namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>Obviously fake credentials.</summary>
public static class TestApps
{
    public const string AppId = "wx00000000testapp1";
    public const string AppSecret = "fake-app-secret-for-tests-0001";

    public static WechatAppCredentials Credentials { get; } = new(AppId, AppSecret);
}
