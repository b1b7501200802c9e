using System.Net;
using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    private const string AppId = WechatTokenEmulator.DefaultAppId;
    private const string AppSecret = WechatTokenEmulator.DefaultAppSecret;

    [Fact]
    public async Task StableToken_RepeatedCalls_ReturnSameTokenWithDecreasingExpiresIn()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var first = await StableTokenAsync(fixture);
        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        var second = await StableTokenAsync(fixture);

        WechatToken(second).Should().Be(WechatToken(first));
        first.GetProperty("expires_in").GetInt64().Should().Be(7200);
        second.GetProperty("expires_in").GetInt64().Should().Be(7200 - 1800);
        first.TryGetProperty("errcode", out _).Should().BeFalse();
    }

    [Fact]
    public async Task StableToken_LastFiveMinutes_IssuesNewTokenAndOldStaysValidUntilExpiry()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var old = WechatToken(await StableTokenAsync(fixture));

        fixture.Time.Advance(TimeSpan.FromSeconds(7200 - 299));
        var renewed = WechatToken(await StableTokenAsync(fixture));

        renewed.Should().NotBe(old);
        (await CustomSendErrcodeAsync(fixture, old)).Should().Be(0);
        (await CustomSendErrcodeAsync(fixture, renewed)).Should().Be(0);
        fixture.Time.Advance(TimeSpan.FromSeconds(299));
        (await CustomSendErrcodeAsync(fixture, old)).Should().Be(WechatErrorCodes.AccessTokenExpired);
        (await CustomSendErrcodeAsync(fixture, renewed)).Should().Be(0);
    }

    [Fact]
    public async Task StableToken_ShortLifetime_SameTokenUntilLastFifth()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.TokenLifetime = TimeSpan.FromSeconds(60));
        var first = await StableTokenAsync(fixture);

        fixture.Time.Advance(TimeSpan.FromSeconds(47));
        var second = await StableTokenAsync(fixture);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await StableTokenAsync(fixture);

        first.GetProperty("expires_in").GetInt64().Should().Be(60);
        WechatToken(second).Should().Be(WechatToken(first));
        second.GetProperty("expires_in").GetInt64().Should().Be(13);
        WechatToken(third).Should().NotBe(WechatToken(first));
        third.GetProperty("expires_in").GetInt64().Should().Be(60);
    }

    [Fact]
    public async Task StableToken_ForceRefresh_InvalidatesPreviousAndEnforces30SecondSpacing()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var old = WechatToken(await StableTokenAsync(fixture));

        var forced = await StableTokenAsync(fixture, forceRefresh: true);
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        var tooSoon = await StableTokenAsync(fixture, forceRefresh: true);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var again = await StableTokenAsync(fixture, forceRefresh: true);

        WechatToken(forced).Should().NotBe(old);
        (await CustomSendErrcodeAsync(fixture, old)).Should().Be(WechatErrorCodes.InvalidCredential);
        tooSoon.GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.MinuteQuotaReached);
        WechatToken(again).Should().NotBe(WechatToken(forced));
        (await CustomSendErrcodeAsync(fixture, WechatToken(again))).Should().Be(0);
    }

    [Fact]
    public async Task StableToken_ForceRefresh_AtMost20PerDay_Then45009UntilNextDay()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero)); // 00:00 in Beijing

        var errcodes = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            var json = await StableTokenAsync(fixture, forceRefresh: true);
            errcodes.Add(json.TryGetProperty("errcode", out var errcode) ? errcode.GetInt32() : 0);
            fixture.Time.Advance(TimeSpan.FromSeconds(31));
        }

        fixture.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
        var nextDay = await StableTokenAsync(fixture, forceRefresh: true);

        errcodes.Take(20).Should().OnlyContain(e => e == 0);
        errcodes[20].Should().Be(WechatErrorCodes.DailyQuotaReached);
        nextDay.TryGetProperty("access_token", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Token_EachCall_RotatesAndPreviousStaysValidFiveMinutes()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var first = WechatToken(await GetTokenAsync(fixture));
        var second = WechatToken(await GetTokenAsync(fixture));

        second.Should().NotBe(first);
        fixture.Emulator.CurrentWechatToken(AppId).Should().Be(second);
        fixture.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        (await CustomSendErrcodeAsync(fixture, first)).Should().Be(0);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        (await CustomSendErrcodeAsync(fixture, first)).Should().Be(WechatErrorCodes.InvalidCredential);
        (await CustomSendErrcodeAsync(fixture, second)).Should().Be(0);
    }

    [Fact]
    public async Task Token_Rotation_DoesNotAffectStableTokens()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var stable = WechatToken(await StableTokenAsync(fixture));

        await GetTokenAsync(fixture);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));

        (await CustomSendErrcodeAsync(fixture, stable)).Should().Be(0);
        WechatToken(await StableTokenAsync(fixture)).Should().Be(stable);
    }

    [Theory]
    [InlineData("client_credential", "wx0000000000unknown", AppSecret, WechatErrorCodes.InvalidAppId)]
    [InlineData("client_credential", AppId, "fake-wrong-secret-0001", WechatErrorCodes.InvalidAppSecret)]
    [InlineData("authorization_code", AppId, AppSecret, WechatErrorCodes.InvalidGrantType)]
    [InlineData("client_credential", "", AppSecret, WechatErrorCodes.AppIdMissing)]
    [InlineData("client_credential", AppId, "", WechatErrorCodes.AppSecretMissing)]
    public async Task TokenEndpoints_BadParameters_AnswerErrcode(string grantType, string appId, string secret, int errcode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var get = await fixture.Client.GetAsync(
            $"cgi-bin/token?grant_type={grantType}&appid={appId}&secret={Uri.EscapeDataString(secret)}");
        var stable = await StableTokenAsync(fixture, grantType: grantType, appId: appId, secret: secret);

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        (await EmulatorFixture.ReadJsonAsync(get)).GetProperty("errcode").GetInt32().Should().Be(errcode);
        stable.GetProperty("errcode").GetInt32().Should().Be(errcode);
        stable.GetProperty("errmsg").GetString().Should().NotBeNullOrEmpty();
        fixture.Emulator.CurrentWechatToken(AppId).Should().BeNull();
    }

    [Fact]
    public async Task StableToken_MalformedBody_Answers47001()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var response = await fixture.PostJsonAsync("/cgi-bin/stable_token", "{not json");

        (await EmulatorFixture.ReadJsonAsync(response)).GetProperty("errcode").GetInt32().Should().Be(47001);
    }

    [Fact]
    public async Task CustomSend_ValidToken_EchoesBody()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = WechatToken(await StableTokenAsync(fixture));

        using var response = await fixture.PostJsonAsync(
            $"/cgi-bin/message/custom/send?access_token={token}", """{"touser":"OPENID","msgtype":"text","text":{"content":"你好"}}""");
        var json = await EmulatorFixture.ReadJsonAsync(response);

        json.GetProperty("errcode").GetInt32().Should().Be(0);
        json.GetProperty("errmsg").GetString().Should().Be("ok");
        json.GetProperty("echo").GetProperty("text").GetProperty("content").GetString().Should().Be("你好");
    }

    [Fact]
    public async Task CustomSend_TokenProblems_Answer41001And40001And42001()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = WechatToken(await StableTokenAsync(fixture));

        using var missing = await fixture.PostJsonAsync("/cgi-bin/message/custom/send", "{}");
        var unknown = await CustomSendErrcodeAsync(fixture, "81_not-a-token-the-emulator-issued");
        fixture.Time.Advance(TimeSpan.FromSeconds(7200));
        var expired = await CustomSendErrcodeAsync(fixture, token);

        (await EmulatorFixture.ReadJsonAsync(missing)).GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.AccessTokenMissing);
        unknown.Should().Be(WechatErrorCodes.InvalidCredential);
        expired.Should().Be(WechatErrorCodes.AccessTokenExpired);
    }

    [Fact]
    public async Task MediaGet_ValidToken_ReturnsBinaryContent()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = WechatToken(await GetTokenAsync(fixture));

        using var response = await fixture.Client.GetAsync($"cgi-bin/media/get?access_token={token}&media_id=MEDIA_1");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        bytes.Should().Equal(WechatTokenEmulator.GetMediaBytes("MEDIA_1"));
        bytes.Should().NotEqual(WechatTokenEmulator.GetMediaBytes("MEDIA_2"));
    }

    [Fact]
    public async Task MediaGet_InvalidToken_ReturnsJsonErrcode()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("cgi-bin/media/get?access_token=81_unknown&media_id=MEDIA_1");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await EmulatorFixture.ReadJsonAsync(response)).GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.InvalidCredential);
    }

    [Fact]
    public async Task InvalidateWechatTokens_EveryTokenRejectedAndGenAuthIssuesNewOne()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var viaGenAuth = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));
        var stable = WechatToken(await StableTokenAsync(fixture));

        fixture.Emulator.InvalidateWechatTokens(AppId);

        (await CustomSendErrcodeAsync(fixture, viaGenAuth)).Should().Be(WechatErrorCodes.InvalidCredential);
        (await CustomSendErrcodeAsync(fixture, stable)).Should().Be(WechatErrorCodes.InvalidCredential);
        var fresh = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));
        fresh.Should().NotBe(viaGenAuth);
        (await CustomSendErrcodeAsync(fixture, fresh)).Should().Be(0);
    }

    [Fact]
    public async Task RotateWechatToken_GenAuthServesNewTokenAndOldValidFiveMinutes()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var old = Token(await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody()));

        var rotated = fixture.Emulator.RotateWechatToken(AppId);
        var served = Token(await fixture.SendSignedAsync("authing", WeixinPath, EmulatorFixture.DefaultAppBody()));

        rotated.Should().NotBe(old);
        served.Should().Be(rotated);
        fixture.Emulator.CurrentWechatToken(AppId).Should().Be(rotated);
        (await CustomSendErrcodeAsync(fixture, old)).Should().Be(0);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        (await CustomSendErrcodeAsync(fixture, old)).Should().Be(WechatErrorCodes.InvalidCredential);
    }

    [Fact]
    public async Task RotateWechatToken_UnknownApp_Throws()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var act = () => fixture.Emulator.RotateWechatToken("wx-unknown");

        act.Should().Throw<ArgumentException>().WithMessage("*wx-unknown*");
        fixture.Emulator.CurrentWechatToken("wx-unknown").Should().BeNull();
    }

    [Fact]
    public async Task AddApp_NewApp_IsServedByBothSides()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.AddApp("wx1111111111111111", "fake-app-secret-for-tests-0001");

        var wechat = await StableTokenAsync(fixture, appId: "wx1111111111111111", secret: "fake-app-secret-for-tests-0001");

        WechatToken(wechat).Should().Be(fixture.Emulator.CurrentWechatToken("wx1111111111111111"));
        fixture.Emulator.CurrentWechatToken(AppId).Should().BeNull();
    }

    private static string WechatToken(JsonElement json) => json.GetProperty("access_token").GetString()!;

    private static async Task<JsonElement> StableTokenAsync(
        EmulatorFixture fixture, bool forceRefresh = false, string grantType = "client_credential", string appId = AppId, string secret = AppSecret)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["grant_type"] = grantType,
            ["appid"] = appId,
            ["secret"] = secret,
            ["force_refresh"] = forceRefresh,
        });
        using var response = await fixture.PostJsonAsync("/cgi-bin/stable_token", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await EmulatorFixture.ReadJsonAsync(response);
    }

    private static async Task<JsonElement> GetTokenAsync(EmulatorFixture fixture)
    {
        using var response = await fixture.Client.GetAsync($"cgi-bin/token?grant_type=client_credential&appid={AppId}&secret={AppSecret}");
        return await EmulatorFixture.ReadJsonAsync(response);
    }

    private static async Task<int> CustomSendErrcodeAsync(EmulatorFixture fixture, string token)
    {
        using var response = await fixture.PostJsonAsync($"/cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}", """{"touser":"OPENID"}""");
        return (await EmulatorFixture.ReadJsonAsync(response)).GetProperty("errcode").GetInt32();
    }
}
