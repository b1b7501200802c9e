namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    [Fact]
    public async Task DateHeader_EveryAnswer_FollowsTheEmulatorsClock()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var first = await fixture.PostJsonAsync("/cgi-bin/stable_token", StableTokenBody());
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        using var later = await fixture.PostJsonAsync("/cgi-bin/stable_token", StableTokenBody());
        fixture.Emulator.InjectFault(EmulatorFault.HttpStatus(503, "busy"));
        using var faulted = await fixture.PostJsonAsync("/cgi-bin/stable_token", StableTokenBody());
        using var signed = await fixture.Client.SendAsync(TestSigner.SignedPost(
            "GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(), WechatTokenEmulator.DefaultAccessKeyId,
            WechatTokenEmulator.DefaultAccessKeySecret, fixture.Time.GetUtcNow()));

        first.Headers.Date.Should().Be(EmulatorFixture.Start, "the emulator's clock, not the machine's");
        later.Headers.Date.Should().Be(EmulatorFixture.Start + TimeSpan.FromMinutes(10));
        faulted.Headers.Date.Should().Be(EmulatorFixture.Start + TimeSpan.FromMinutes(10));
        signed.Headers.Date.Should().Be(EmulatorFixture.Start + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task StableToken_SameTokenUntilExpiry_NoRenewalWindowThenANewToken()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.SameTokenUntilExpiry = true);
        var first = WechatToken(await StableTokenAsync(fixture));

        fixture.Time.Advance(TimeSpan.FromSeconds(7199));
        var last = await StableTokenAsync(fixture);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var renewed = WechatToken(await StableTokenAsync(fixture));

        WechatToken(last).Should().Be(first, "no renewal window: the same token until its expiry");
        last.GetProperty("expires_in").GetInt64().Should().Be(1);
        renewed.Should().NotBe(first);
        (await CustomSendErrcodeAsync(fixture, first)).Should().Be(WechatErrorCodes.AccessTokenExpired);
        (await CustomSendErrcodeAsync(fixture, renewed)).Should().Be(0);
    }

    [Fact]
    public async Task GetWechatAccessToken_SameTokenUntilExpiry_NoRenewalWindowThenANewToken()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.SameTokenUntilExpiry = true);
        string Token(System.Text.Json.JsonElement json) => json.GetProperty("data").GetProperty("accessToken").GetString()!;
        var first = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));

        fixture.Time.Advance(TimeSpan.FromSeconds(7199));
        var last = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var renewed = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));

        last.Should().Be(first, "no renewal window: the same token until its expiry");
        renewed.Should().NotBe(first);
        (await CustomSendErrcodeAsync(fixture, renewed)).Should().Be(0);
    }

    private static string StableTokenBody() =>
        $$"""{"grant_type":"client_credential","appid":"{{AppId}}","secret":"{{AppSecret}}"}""";
}
