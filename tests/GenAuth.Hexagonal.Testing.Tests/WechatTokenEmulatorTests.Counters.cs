using System.Net;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    [Fact]
    public async Task RequestCount_CountsPerPathAndTotal()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        await StableTokenAsync(fixture);
        await StableTokenAsync(fixture);
        await GetTokenAsync(fixture);
        await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());

        fixture.Emulator.RequestCount(StablePath).Should().Be(2);
        fixture.Emulator.RequestCount("/cgi-bin/token").Should().Be(1);
        fixture.Emulator.RequestCount(WeixinPath).Should().Be(1);
        fixture.Emulator.RequestCount("/api/v3/get-wechat-access-token").Should().Be(0);
        fixture.Emulator.TotalRequestCount.Should().Be(4);
        fixture.Emulator.Requests.Select(r => r.Sequence).Should().BeEquivalentTo([1L, 2L, 3L, 4L]);
    }

    [Fact]
    public async Task RequestCount_ConcurrentRequests_CountedExactly()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => StableTokenAsync(fixture)));

        fixture.Emulator.RequestCount(StablePath).Should().Be(25);
        fixture.Emulator.Requests.Should().HaveCount(25);
        fixture.Emulator.Requests.Select(r => r.Sequence).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task ResetCounters_ClearsCountsAndLogButKeepsTokens()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = WechatToken(await StableTokenAsync(fixture));

        fixture.Emulator.ResetCounters();

        fixture.Emulator.TotalRequestCount.Should().Be(0);
        fixture.Emulator.RequestCount(StablePath).Should().Be(0);
        fixture.Emulator.Requests.Should().BeEmpty();
        WechatToken(await StableTokenAsync(fixture)).Should().Be(token);
        fixture.Emulator.RequestCount(StablePath).Should().Be(1);
    }

    [Fact]
    public async Task Requests_UnknownPath_RecordedAsNotFound()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("no/such/path");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        fixture.Emulator.RequestCount("/no/such/path").Should().Be(1);
        fixture.Emulator.Requests.Single().Outcome.Should().Be("not-found");
    }

    [Fact]
    public async Task Requests_RecordMethodPathHeadersBodyAndOutcome_ToStringHidesSecrets()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        await fixture.SendSignedAsync("authing", WeixinPath, EmulatorFixture.DefaultAppBody("fake-wrong-app-secret-0001"));

        var request = fixture.Emulator.Requests.Single();
        request.Method.Should().Be("POST");
        request.Path.Should().Be(WeixinPath);
        request.Headers["X-Authing-Signature-Method"].Should().Be("HMAC-SHA1");
        request.Body.Should().Contain("fake-wrong-app-secret-0001");
        request.StatusCode.Should().Be(200);
        request.Outcome.Should().Be($"genauth:400:{EmulatorApiCodes.WechatAppSecretInvalid}");
        request.ReceivedAt.Should().Be(EmulatorFixture.Start);
        request.ToString().Should().NotContain("fake-wrong-app-secret-0001").And.NotContain(WechatTokenEmulator.DefaultAccessKeyId);
    }

    [Fact]
    public async Task BaseAddress_IsLoopbackWithEphemeralPort()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        fixture.Emulator.BaseAddress.Host.Should().Be("127.0.0.1");
        fixture.Emulator.BaseAddress.Port.Should().BePositive();
        fixture.Emulator.BaseAddress.AbsolutePath.Should().Be("/");
    }

    [Fact]
    public async Task DisposeAsync_StopsServer()
    {
        var emulator = await WechatTokenEmulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();
        var act = () => client.GetAsync("cgi-bin/token");

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsNamingOption()
    {
        var act = () => WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TokenLifetime = TimeSpan.Zero });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*TokenLifetime*");
    }

    [Fact]
    public async Task StartAsync_WithoutDefaults_KnowsNoAppOrKey()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.AddDefaults = false);

        var genAuth = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());
        var wechat = await StableTokenAsync(fixture);

        AssertGenAuthError(genAuth, 401, EmulatorApiCodes.AccessKeyUnknown);
        wechat.GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.InvalidAppId);
    }
}
