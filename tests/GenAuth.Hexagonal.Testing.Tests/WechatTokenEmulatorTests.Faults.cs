using System.Net;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    private const string StablePath = "/cgi-bin/stable_token";

    [Fact]
    public async Task InjectFault_Latency_ThenAnswersNormally()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromMilliseconds(50)));

        var json = await StableTokenAsync(fixture);

        WechatToken(json).Should().Be(fixture.Emulator.CurrentWechatToken(AppId));
        fixture.Emulator.Requests.Single().Outcome.Should().Be("ok");
    }

    [Fact]
    public async Task InjectFault_LatencyAndClientGivesUp_RequestRecordedAsAborted()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromMinutes(5)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => fixture.Client.PostAsync("cgi-bin/stable_token", new StringContent("{}"), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        var logged = await WaitForRequestsAsync(fixture.Emulator, 1);
        logged.Single().Outcome.Should().Be("aborted");
        logged.Single().StatusCode.Should().Be(0);
        fixture.Emulator.CurrentWechatToken(AppId).Should().BeNull();
    }

    [Fact]
    public async Task InjectFault_HttpStatus_AnswersStatusAndBody()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.HttpStatus(502, "<html><body>502 Bad Gateway</body></html>"));

        using var response = await fixture.PostJsonAsync(WeixinPath, EmulatorFixture.DefaultAppBody());

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("502 Bad Gateway");
        fixture.Emulator.Requests.Single().Outcome.Should().Be("fault:HttpStatus");
        fixture.Emulator.Requests.Single().StatusCode.Should().Be(502);
    }

    [Fact]
    public async Task InjectFault_HttpStatusWithoutBody_AnswersEmpty503()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.HttpStatus(503));

        using var response = await fixture.PostJsonAsync(StablePath, "{}");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task InjectFault_GenAuthError_AnswersEnvelopeWithApiCode()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.GenAuthError(500, 500123, "Internal error"));

        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());

        AssertGenAuthError(json, 500, 500123);
        json.GetProperty("message").GetString().Should().Be("Internal error");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(40013)]
    [InlineData(40125)]
    [InlineData(40164)]
    [InlineData(45009)]
    [InlineData(45011)]
    [InlineData(89503)]
    public async Task InjectFault_WechatError_AnswersErrcode(int errcode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.WechatError(errcode, "injected"), pathPrefix: StablePath);

        var faulted = await StableTokenAsync(fixture);
        var next = await StableTokenAsync(fixture);

        faulted.GetProperty("errcode").GetInt32().Should().Be(errcode);
        faulted.GetProperty("errmsg").GetString().Should().Be("injected");
        next.TryGetProperty("access_token", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"statusCode\":200,\"data\":{\"accessToken\":", "application/json")]
    [InlineData("<html><body>Login required</body></html>", "text/html")]
    [InlineData("", "application/json")]
    public async Task InjectFault_Body_AnswersRawBodyWith200(string body, string contentType)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.Body(body, contentType));

        using var response = await fixture.PostJsonAsync(WeixinPath, EmulatorFixture.DefaultAppBody());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Fact]
    public async Task InjectFault_LargeBody_Answers10MegabytesOfJson()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.LargeBody());

        using var response = await fixture.PostJsonAsync(WeixinPath, EmulatorFixture.DefaultAppBody());
        var bytes = await response.Content.ReadAsByteArrayAsync();

        bytes.Length.Should().Be(10 * 1024 * 1024);
        using var document = System.Text.Json.JsonDocument.Parse(bytes);
        document.RootElement.GetProperty("statusCode").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task InjectFault_DropConnection_ClientSeesNetworkErrorAndNextRequestSucceeds()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.DropConnection());

        var act = () => fixture.PostJsonAsync(WeixinPath, EmulatorFixture.DefaultAppBody());

        await act.Should().ThrowAsync<HttpRequestException>();
        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());
        json.GetProperty("statusCode").GetInt32().Should().Be(200);
        var requests = fixture.Emulator.Requests;
        requests.Should().HaveCount(2);
        requests[0].Outcome.Should().Be("fault:DropConnection");
        requests[0].StatusCode.Should().Be(0);
    }

    [Fact]
    public async Task InjectFault_TimesAndPathPrefix_AppliesOnlyToMatchingRequests()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.WechatError(-1, "system error"), times: 2, pathPrefix: "/cgi-bin/");

        var genAuth = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());
        var first = await StableTokenAsync(fixture);
        var second = await StableTokenAsync(fixture);
        var third = await StableTokenAsync(fixture);

        genAuth.GetProperty("statusCode").GetInt32().Should().Be(200);
        first.GetProperty("errcode").GetInt32().Should().Be(-1);
        second.GetProperty("errcode").GetInt32().Should().Be(-1);
        third.TryGetProperty("access_token", out _).Should().BeTrue();
    }

    [Fact]
    public async Task InjectFault_SeveralFaults_ApplyInInjectionOrder()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.WechatError(45011, "first"));
        fixture.Emulator.InjectFault(EmulatorFault.WechatError(-1, "second"));

        var first = await StableTokenAsync(fixture);
        var second = await StableTokenAsync(fixture);

        first.GetProperty("errmsg").GetString().Should().Be("first");
        second.GetProperty("errmsg").GetString().Should().Be("second");
    }

    [Fact]
    public async Task ClearFaults_PendingFaultsRemoved()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        fixture.Emulator.InjectFault(EmulatorFault.HttpStatus(500), times: 5);

        fixture.Emulator.ClearFaults();
        var json = await StableTokenAsync(fixture);

        json.TryGetProperty("access_token", out _).Should().BeTrue();
    }

    [Fact]
    public void EmulatorFault_InvalidArguments_Throw()
    {
        ((Action)(() => EmulatorFault.Latency(TimeSpan.FromSeconds(-1)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => EmulatorFault.HttpStatus(42))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => EmulatorFault.Body(null!))).Should().Throw<ArgumentNullException>();
        EmulatorFault.LargeBody(1000).ToString().Should().Contain("Length = 1000");
    }

    private static async Task<IReadOnlyList<EmulatorRequest>> WaitForRequestsAsync(WechatTokenEmulator emulator, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            var requests = emulator.Requests;
            if (requests.Count >= count)
            {
                return requests;
            }

            await Task.Delay(50);
        }

        return emulator.Requests;
    }
}
