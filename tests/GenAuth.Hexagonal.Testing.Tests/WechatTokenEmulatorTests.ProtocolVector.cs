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
}
