using System.Text;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    [Theory]
    [InlineData("authing", "authing 5f1c2d3e4a5b6c7d8e9f0a1b:4Dj/iSBxRVkff39ihNjgZuwwg1A=")]
    [InlineData("GenAuth", "GenAuth 5f1c2d3e4a5b6c7d8e9f0a1b:V0q5rn2nnUE4hR5npu2D5F0LbsI=")]
    public async Task GetWechatAccessToken_ProtocolTestVectorVerbatim_Accepted(string brand, string authorization)
    {
        // The fixture's clock starts at the vector's date, so the literal request from protocol.md is fresh.
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.AddAccessKey(TestSigner.TestVectorAccessKeyId, TestSigner.TestVectorSecret, "vector-user-pool");
        fixture.Emulator.AddApp("wx1234567890abcdef", "0123456789abcdef0123456789abcdef");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v3/get-weixin-access-token")
        {
            Content = new StringContent(TestSigner.TestVectorBody, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in TestSigner.Headers(brand, TestSigner.TestVectorDate, TestSigner.TestVectorNonce))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("authorization", authorization);

        using var response = await fixture.Client.SendAsync(request);
        var json = await EmulatorFixture.ReadJsonAsync(response);

        json.GetProperty("statusCode").GetInt32().Should().Be(200);
        json.GetProperty("data").GetProperty("accessToken").GetString().Should().Be(fixture.Emulator.CurrentWechatToken("wx1234567890abcdef"));
    }

    [Theory]
    [InlineData("GenAuth")]
    [InlineData("authing")]
    public async Task GetWechatAccessToken_ExtraPrefixedHeadersWithTabsAndObjectFields_SignedOverAndAccepted(string brand)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var prefix = TestSigner.PrefixOf(brand);
        var extra = new Dictionary<string, string> { [prefix + "app-id"] = "tenant\t 0001", [prefix + "request-from"] = "sdk" };
        const string Body = """{"appSecret":"emulator-app-secret-not-real-0001","appId":"wx00000000emulator","options":{"z":1,"a":"x"},"dropped":null,"flag":true,"n":7}""";
        using var request = TestSigner.SignedPost(
            brand, WeixinPath, Body, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret,
            fixture.Time.GetUtcNow(), extraHeaders: extra);

        using var response = await fixture.Client.SendAsync(request);

        (await EmulatorFixture.ReadJsonAsync(response)).GetProperty("statusCode").GetInt32().Should().Be(200);
        fixture.Emulator.Requests.Single().Headers[prefix + "app-id"].Should().Contain("\t", "the tab must reach the server to exercise normalisation");
    }

    [Fact]
    public async Task GetWechatAccessToken_PrefixedHeaderAddedAfterSigning_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        using var request = TestSigner.SignedPost(
            "GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(),
            WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret, fixture.Time.GetUtcNow());
        request.Headers.TryAddWithoutValidation("x-genauth-app-id", "added-later");

        using var response = await fixture.Client.SendAsync(request);

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.SignatureMismatch);
    }
}
