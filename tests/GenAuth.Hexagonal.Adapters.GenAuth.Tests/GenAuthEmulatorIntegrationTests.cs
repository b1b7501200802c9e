using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>
/// The adapter over real loopback HTTP against the emulator, composed through DI as an application does. The
/// emulator checks signatures and management tokens with its own code.
/// </summary>
public sealed class GenAuthEmulatorIntegrationTests : IAsyncLifetime
{
    private const string ManagementTokenPath = "/api/v3/get-management-token";
    private static readonly WechatAppCredentials App = new(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);
    private static readonly string[] Secrets = [WechatTokenEmulator.DefaultAppSecret, WechatTokenEmulator.DefaultAccessKeySecret];
    private WechatTokenEmulator _emulator = null!;

    public static TheoryData<GenAuthBrand, GenAuthAuthentication, string> Combinations()
    {
        var data = new TheoryData<GenAuthBrand, GenAuthAuthentication, string>();
        foreach (var brand in new[] { GenAuthBrand.GenAuth, GenAuthBrand.Authing })
        {
            foreach (var auth in new[] { GenAuthAuthentication.Signature, GenAuthAuthentication.ManagementToken })
            {
                foreach (var endpoint in GenAuthDefaults.TokenEndpoints)
                {
                    data.Add(brand, auth, endpoint);
                }
            }
        }

        return data;
    }

    public async Task InitializeAsync() => _emulator = await WechatTokenEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task GetAccessTokenAsync_BrandAuthEndpoint_ReturnsEmulatorToken(GenAuthBrand brand, GenAuthAuthentication auth, string endpoint)
    {
        await using var services = Build(o => { o.Brand = brand; o.Auth = auth; o.Endpoint = endpoint; });
        var provider = services.GetRequiredService<IWechatTokenProvider>();

        var token = await provider.GetAccessTokenAsync(App);

        token.Value.Should().Be(_emulator.CurrentWechatToken(App.AppId));
        token.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
        var request = _emulator.Requests.Should().ContainSingle(r => r.Path == endpoint).Which;
        request.Outcome.Should().Be("ok");
        var prefix = brand == GenAuthBrand.Authing ? "x-authing-" : "x-genauth-";
        request.Headers.Should().ContainKey(prefix + "sdk-version");
        request.Headers["authorization"].Should().StartWith(
            auth == GenAuthAuthentication.ManagementToken ? "Bearer " : brand == GenAuthBrand.Authing ? "authing " : "GenAuth ");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConfiguredFromSection_Works()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = _emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["GenAuth:Brand"] = "Authing",
            ["GenAuth:Auth"] = "ManagementToken",
            ["GenAuth:Lang"] = "en-US",
            ["GenAuth:Timeout"] = "00:00:05",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddWechatTokenProvider().UseGenAuth(configuration.GetSection(GenAuthDefaults.SectionName));
        await using var services = collection.BuildServiceProvider();

        var token = await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App);

        token.Value.Should().Be(_emulator.CurrentWechatToken(App.AppId));
        _emulator.Requests.Should().Contain(r => r.Path == GenAuthDefaults.WeixinAccessTokenEndpoint && r.Headers["x-authing-lang"] == "en-US");
    }

    [Fact]
    public async Task GetAccessTokenAsync_Transient503ThenSuccess_RetriesWithFreshNonce()
    {
        await using var services = Build();
        _emulator.InjectFault(EmulatorFault.HttpStatus(503, "<html>busy</html>"), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var token = await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App);

        token.Value.Should().Be(_emulator.CurrentWechatToken(App.AppId));
        var attempts = _emulator.Requests.Where(r => r.Path == GenAuthDefaults.WeixinAccessTokenEndpoint).ToList();
        attempts.Should().HaveCount(2);
        attempts[0].StatusCode.Should().Be(503);
        attempts[1].Outcome.Should().Be("ok");
        attempts[0].Headers["x-genauth-signature-nonce"].Should().NotBe(attempts[1].Headers["x-genauth-signature-nonce"]);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ApplicationRegistersAFrozenFakeClock_RetryDelayStillElapses()
    {
        // An application's tests often register a FakeTimeProvider; HTTP retry delays must not wait on it.
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        collection.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Host = _emulator.BaseAddress.ToString();
            o.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
            o.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        var services = collection.BuildServiceProvider();
        _emulator.InjectFault(EmulatorFault.HttpStatus(503, "<html>busy</html>"), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var fetch = Task.Run(() => services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App).AsTask());
        var finished = await Task.WhenAny(fetch, Task.Delay(TimeSpan.FromSeconds(30)));

        // A hung fetch would also hang the container's disposal: dispose only once the fetch has ended.
        finished.Should().BeSameAs(fetch, "the retry delay runs on real time, not on the application's frozen clock");
        (await fetch).Value.Should().Be(_emulator.CurrentWechatToken(App.AppId));
        _emulator.RequestCount(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(2);
        await services.DisposeAsync();
    }

    [Fact]
    public async Task GetAccessTokenAsync_ManagementToken_FetchedOnceForSeveralCalls()
    {
        await using var services = Build(o => o.Auth = GenAuthAuthentication.ManagementToken);
        var provider = services.GetRequiredService<IWechatTokenProvider>();

        for (var i = 0; i < 4; i++)
        {
            await provider.GetAccessTokenAsync(App);
        }

        _emulator.RequestCount(ManagementTokenPath).Should().Be(1);
        _emulator.RequestCount(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(4);
        _emulator.Requests.Where(r => r.Path == GenAuthDefaults.WeixinAccessTokenEndpoint)
            .Should().AllSatisfy(r => r.Headers["x-genauth-userpool-id"].Should().Be(WechatTokenEmulator.DefaultUserPoolId));
    }

    [Theory]
    [InlineData(GenAuthAuthentication.Signature, EmulatorApiCodes.SignatureMismatch)]
    [InlineData(GenAuthAuthentication.ManagementToken, EmulatorApiCodes.AccessKeyRejected)]
    public async Task GetAccessTokenAsync_WrongAccessKeySecret_IsUpstreamError401(GenAuthAuthentication auth, int apiCode)
    {
        await using var services = Build(o => { o.Auth = auth; o.AccessKeySecret = "fake-wrong-access-key-secret-0001"; });

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.StatusCode.Should().Be(401);
        failure.ApiCode.Should().Be(apiCode);
        failure.RequestId.Should().NotBeNullOrEmpty();
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().NotContain("fake-wrong-access-key-secret-0001").And.Contain("GenAuth:AccessKeySecret");
    }

    [Fact]
    public async Task GetAccessTokenAsync_WrongAppSecret_IsUpstreamErrorNotTransient()
    {
        await using var services = Build();
        var wrong = new WechatAppCredentials(App.AppId, "fake-wrong-app-secret-0001");

        var failure = await FailAsync(services, wrong);

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.StatusCode.Should().BeInRange(400, 499);
        failure.IsTransient.Should().BeFalse();
        failure.AppId.Should().Be(App.AppId);
        failure.ToString().Should().NotContain("fake-wrong-app-secret-0001");
    }

    [Fact]
    public async Task GetAccessTokenAsync_DroppedConnections_IsNetworkTransient()
    {
        await using var services = Build(o => o.MaxRetryAttempts = 1);
        _emulator.InjectFault(EmulatorFault.DropConnection(), times: 2, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(WechatTokenErrorKind.Network);
        failure.IsTransient.Should().BeTrue();
        _emulator.RequestCount(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_SlowServer_IsTimeoutTransient()
    {
        await using var services = Build(o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.MaxRetryAttempts = 0; });
        _emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromSeconds(3)), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        failure.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task GetAccessTokenAsync_BusinessErrorFault_CarriesCodes()
    {
        await using var services = Build();
        _emulator.InjectFault(EmulatorFault.GenAuthError(503, 503001, "upstream busy"), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.StatusCode.Should().Be(503);
        failure.ApiCode.Should().Be(503001);
        failure.RequestId.Should().NotBeNullOrEmpty();
        failure.IsTransient.Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"statusCode\":200,\"data\":{\"accessToken\":", WechatTokenErrorKind.InvalidResponse)]
    [InlineData("", WechatTokenErrorKind.InvalidResponse)]
    public async Task GetAccessTokenAsync_BadBodyFault_IsInvalidResponse(string body, WechatTokenErrorKind kind)
    {
        await using var services = Build();
        _emulator.InjectFault(EmulatorFault.Body(body), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(kind);
        failure.IsTransient.Should().BeFalse();
    }

    [Fact]
    public async Task GetAccessTokenAsync_OversizedBody_IsInvalidResponse()
    {
        await using var services = Build();
        _emulator.InjectFault(EmulatorFault.LargeBody(2 * 1024 * 1024), times: 1, pathPrefix: GenAuthDefaults.WeixinAccessTokenEndpoint);

        var failure = await FailAsync(services, App);

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("larger than");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ExpiresAtAsString_IsAccepted()
    {
        _emulator.Options.ExpiresAtAsString = true;
        await using var services = Build();

        var token = await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App);

        token.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
    }

    private ServiceProvider Build(Action<GenAuthOptions>? configure = null)
    {
        var collection = new ServiceCollection();
        collection.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Host = _emulator.BaseAddress.ToString();
            o.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
            o.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            o.RetryDelay = TimeSpan.Zero;
            o.Timeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        return collection.BuildServiceProvider();
    }

    private static async Task<WechatTokenException> FailAsync(IServiceProvider services, WechatAppCredentials credentials)
    {
        var act = async () => await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(credentials);
        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.Upstream.Should().Be(WechatTokenSource.GenAuth);
        foreach (var secret in Secrets.Append(credentials.AppSecret))
        {
            failure.Message.Should().NotContain(secret);
            failure.ToString().Should().NotContain(secret);
        }

        return failure;
    }
}
