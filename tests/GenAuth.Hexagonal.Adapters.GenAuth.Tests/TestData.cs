using System.Globalization;
using System.Text;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>Obviously fake values, and bodies shaped like GenAuth's.</summary>
internal static class TestData
{
    public const string AppId = "wx1234567890abcdef";
    public const string AppSecret = "fake-app-secret-for-tests-0001";
    public const string AccessKeyId = "fake-access-key-id-0001";
    public const string AccessKeySecret = "fake-access-key-secret-for-tests-0001";
    public const string UserPoolId = "fake-user-pool-0001";
    public const string Token = "fake-wechat-token-for-tests-000000000001";

    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static WechatAppCredentials Credentials { get; } = new(AppId, AppSecret);

    public static string[] Secrets { get; } = [AppSecret, AccessKeySecret, Token];

    public static string TokenBody(string token = Token, string expiresAt = "", DateTimeOffset? now = null) =>
        $$$"""{"statusCode":200,"message":"Operation successful","requestId":"req-ok","data":{"accessToken":"{{{token}}}","expiresAt":{{{(expiresAt.Length > 0 ? expiresAt : ((now ?? Now).ToUnixTimeSeconds() + 7200).ToString(CultureInfo.InvariantCulture))}}}}}""";

    public static string Jwt(string userPoolId)
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{B64("""{"alg":"HS256","typ":"JWT"}""")}.{B64($$"""{"scoped_userpool_id":"{{userPoolId}}","sub":"x"}""")}.fake-signature";
    }

    public static string ManagementTokenBody(string jwt, int expiresIn = 7200) =>
        $$$"""{"statusCode":200,"message":"ok","data":{"access_token":"{{{jwt}}}","expires_in":{{{expiresIn}}}}}""";
}
