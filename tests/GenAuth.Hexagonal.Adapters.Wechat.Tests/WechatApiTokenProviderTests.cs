using System.Net;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>Unit tests over a stub HttpMessageHandler: requests sent, answers classified, secrets kept out.</summary>
public partial class WechatApiTokenProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private const string SampleToken = "81_sample-token-value-for-unit-tests-0123456789";

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeLogger<WechatApiTokenProvider> _logger = new();

    private WechatApiTokenProvider CreateProvider(
        StubHttpMessageHandler stub, WechatApiEndpoint endpoint = WechatApiEndpoint.StableToken, StubHttpClientFactory? factory = null) =>
        new(factory ?? new StubHttpClientFactory(stub),
            Options.Create(new WechatApiOptions { Host = new Uri("https://api.weixin.qq.com"), Endpoint = endpoint }),
            _time,
            _logger);

    [Fact]
    public async Task GetAccessTokenAsync_StableToken_PostsBodyWithoutForceRefreshAndReturnsAbsoluteExpiry()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json($$"""{"access_token":"{{SampleToken}}","expires_in":7200}"""));
        var factory = new StubHttpClientFactory(stub);

        var token = await CreateProvider(stub, factory: factory).GetAccessTokenAsync(TestApps.Credentials);

        token.Value.Should().Be(SampleToken);
        token.ExpiresAt.Should().Be(Start.AddSeconds(7200));
        factory.Names.Should().Equal(WechatApiDefaults.StableTokenHttpClientName);
        var request = stub.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.AbsoluteUri.Should().Be("https://api.weixin.qq.com/cgi-bin/stable_token");
        using var body = JsonDocument.Parse(request.Body!);
        body.RootElement.GetProperty("grant_type").GetString().Should().Be("client_credential");
        body.RootElement.GetProperty("appid").GetString().Should().Be(TestApps.AppId);
        body.RootElement.GetProperty("secret").GetString().Should().Be(TestApps.AppSecret);
        body.RootElement.GetProperty("force_refresh").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenEndpoint_GetsWithQueryOnTheNoRetryClient()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json($$"""{"access_token":"{{SampleToken}}","expires_in":"300"}"""));
        var factory = new StubHttpClientFactory(stub);

        var token = await CreateProvider(stub, WechatApiEndpoint.Token, factory).GetAccessTokenAsync(TestApps.Credentials);

        token.ExpiresAt.Should().Be(Start.AddSeconds(300), "a numeric string expires_in is accepted");
        factory.Names.Should().Equal(WechatApiDefaults.TokenHttpClientName);
        var request = stub.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Get);
        request.Uri.AbsolutePath.Should().Be("/cgi-bin/token");
        request.Uri.Query.Should().Contain("grant_type=client_credential").And.Contain($"appid={TestApps.AppId}").And.Contain($"secret={TestApps.AppSecret}");
    }

    [Fact]
    public void Constructor_TokenEndpoint_LogsTheOwnershipWarning()
    {
        _ = CreateProvider(new StubHttpMessageHandler((_, _) => new HttpResponseMessage()), WechatApiEndpoint.Token);

        _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1102 && r.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("invalidates");
    }

    [Theory]
    [InlineData("https://api.weixin.qq.com")]
    [InlineData("https://api2.weixin.qq.com")]
    [InlineData("https://sh.api.weixin.qq.com/")]
    [InlineData("https://sz.api.weixin.qq.com")]
    [InlineData("https://hk.api.weixin.qq.com")]
    [InlineData("https://wechat-proxy.example.com/prefix/")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    public async Task GetAccessTokenAsync_AcceptedHost_SendsToThatHost(string host)
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json($$"""{"access_token":"{{SampleToken}}","expires_in":7200}"""));
        var provider = new WechatApiTokenProvider(
            new StubHttpClientFactory(stub), Options.Create(new WechatApiOptions { Host = new Uri(host) }), _time);

        await provider.GetAccessTokenAsync(TestApps.Credentials);

        var sent = stub.Requests.Single().Uri;
        sent.GetLeftPart(UriPartial.Authority).Should().Be(new Uri(host).GetLeftPart(UriPartial.Authority));
        sent.AbsolutePath.Should().EndWith("/cgi-bin/stable_token").And.StartWith(new Uri(host).AbsolutePath.TrimEnd('/'));
    }

    [Theory]
    [InlineData("http://api.weixin.qq.com", "Wechat:Host")]
    [InlineData("ftp://api.weixin.qq.com", "Wechat:Host")]
    [InlineData("https://api.weixin.qq.com/?x=1", "Wechat:Host")]
    public void Constructor_InvalidHost_ThrowsNamingTheKey(string host, string key)
    {
        var act = () => new WechatApiTokenProvider(
            new StubHttpClientFactory(new StubHttpMessageHandler((_, _) => new HttpResponseMessage())),
            Options.Create(new WechatApiOptions { Host = new Uri(host) }));

        act.Should().Throw<ArgumentException>().WithMessage($"*{key}*");
    }

    [Fact]
    public void Constructor_NonPositiveTimeout_ThrowsNamingTheKey()
    {
        var act = () => new WechatApiTokenProvider(
            new StubHttpClientFactory(new StubHttpMessageHandler((_, _) => new HttpResponseMessage())),
            Options.Create(new WechatApiOptions { Timeout = TimeSpan.Zero }));

        act.Should().Throw<ArgumentException>().WithMessage("*Wechat:Timeout*");
    }

    [Fact]
    public async Task GetAccessTokenAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var stub = new StubHttpMessageHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new HttpResponseMessage();
        });
        using var cts = new CancellationTokenSource();
        var pending = CreateProvider(stub).GetAccessTokenAsync(TestApps.Credentials, cts.Token).AsTask();

        await cts.CancelAsync();

        await pending.Invoking(p => p).Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData(WechatApiEndpoint.StableToken)]
    [InlineData(WechatApiEndpoint.Token)]
    public async Task GetAccessTokenAsync_NoAnswerWithinTimeout_ThrowsTransientTimeout(WechatApiEndpoint endpoint)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stub = new StubHttpMessageHandler(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new HttpResponseMessage();
        });
        var pending = CreateProvider(stub, endpoint).GetAccessTokenAsync(TestApps.Credentials).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(WechatApiDefaults.DefaultTotalTimeout); // the fetch budget runs on the provider's clock

        var ex = (await pending.Invoking(p => p).Should().ThrowAsync<WechatTokenException>()).Which;
        ex.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        ex.IsTransient.Should().BeTrue();
        ex.Upstream.Should().Be(WechatTokenSource.Wechat);
        ex.AppId.Should().Be(TestApps.AppId);
        ex.ToString().Should().NotContain(TestApps.AppSecret);
    }
}
