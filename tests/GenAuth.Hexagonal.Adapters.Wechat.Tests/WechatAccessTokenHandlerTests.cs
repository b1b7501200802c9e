using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Web;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>Unit tests over a stub inner handler and the fake token provider.</summary>
public partial class WechatAccessTokenHandlerTests
{
    private const string BaseUrl = "https://api.weixin.qq.com";
    private const string FirstToken = "fake-token-000001";
    private const string SecondToken = "fake-token-000002";

    private readonly FakeWechatTokenProvider _provider = new();
    private readonly RecordingInvalidator _invalidator = new();
    private readonly FakeLogger<WechatAccessTokenHandler> _logger = new();

    private HttpClient CreateClient(StubHttpMessageHandler stub, IWechatTokenInvalidator? invalidator = null) =>
        new(new WechatAccessTokenHandler(_provider, TestApps.Credentials, invalidator, _logger) { InnerHandler = stub })
        {
            BaseAddress = new Uri(BaseUrl),
        };

    private static string? TokenOf(Uri uri) => HttpUtility.ParseQueryString(uri.Query)["access_token"];

    /// <summary>Answers like WeChat: the given errcode for <see cref="FirstToken"/>, success for any other token.</summary>
    private static StubHttpMessageHandler RejectingFirstToken(int errcode, string mediaType = "application/json") =>
        new((request, _) => TokenOf(request.RequestUri!) == FirstToken
            ? StubHttpMessageHandler.Text($$"""{"errcode":{{errcode}},"errmsg":"invalid credential, access_token is invalid or not latest"}""", mediaType)
            : StubHttpMessageHandler.Json("""{"errcode":0,"errmsg":"ok"}"""));

    [Fact]
    public async Task SendAsync_Request_SetsAccessTokenKeepingOtherParameters()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":0,"errmsg":"ok"}"""));
        using var client = CreateClient(stub);

        using var response = await client.GetAsync("/cgi-bin/user/get?next_openid=abc%2Bdef&access_token=stale-value");

        var sent = stub.Requests.Single().Uri;
        sent.AbsolutePath.Should().Be("/cgi-bin/user/get");
        var query = HttpUtility.ParseQueryString(sent.Query);
        query.GetValues("access_token").Should().Equal(FirstToken);
        query["next_openid"].Should().Be("abc+def");
        _provider.CallCount.Should().Be(1);
    }

    [Theory]
    [InlineData(WechatErrorCodes.InvalidCredential)]
    [InlineData(WechatErrorCodes.InvalidAccessToken)]
    [InlineData(WechatErrorCodes.AccessTokenExpired)]
    public async Task SendAsync_TokenRejected_InvalidatesThatTokenFetchesOnceRetriesOnceAndSucceeds(int errcode)
    {
        var stub = RejectingFirstToken(errcode);
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.PostAsync("/cgi-bin/message/custom/send", new StringContent("{}", Encoding.UTF8, "application/json"));

        (await response.Content.ReadAsStringAsync()).Should().Be("""{"errcode":0,"errmsg":"ok"}""");
        stub.Requests.Select(r => TokenOf(r.Uri)).Should().Equal(FirstToken, SecondToken);
        _provider.CallCount.Should().Be(2);
        var invalidated = _invalidator.Calls.Should().ContainSingle().Subject;
        invalidated.Credentials.Should().Be(TestApps.Credentials);
        invalidated.Rejected.Value.Should().Be(FirstToken);
        _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1110);
    }

    [Fact]
    public async Task SendAsync_RejectedTwice_ReturnsTheSecondRejectionWithoutLooping()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":40001,"errmsg":"invalid credential"}"""));
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.GetAsync("/cgi-bin/get_api_domain_ip");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("40001", "the caller can still read the answer");
        stub.Count.Should().Be(2);
        _provider.CallCount.Should().Be(2);
        _invalidator.Calls.Select(c => c.Rejected.Value).Should().Equal(FirstToken);
        _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1111 && r.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData(WechatErrorCodes.SystemBusy)]
    [InlineData(WechatErrorCodes.MinuteQuotaReached)]
    [InlineData(WechatErrorCodes.ApiUnauthorized)]
    [InlineData(WechatErrorCodes.AccessTokenMissing)]
    public async Task SendAsync_OtherErrcode_PassesThroughUntouched(int errcode)
    {
        var body = $$"""{"errcode":{{errcode}},"errmsg":"something"}""";
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json(body));
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.GetAsync("/cgi-bin/get_api_domain_ip");

        (await response.Content.ReadAsStringAsync()).Should().Be(body);
        stub.Count.Should().Be(1);
        _provider.CallCount.Should().Be(1);
        _invalidator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_TextPlainJsonRejection_IsRecognised()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.AccessTokenExpired, "text/plain");
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.GetAsync("/cgi-bin/get_api_domain_ip");

        stub.Count.Should().Be(2);
        _invalidator.Calls.Should().ContainSingle();
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"errcode\":0");
    }

    [Fact]
    public async Task SendAsync_PostBodyFromForwardOnlyStream_IsReplayedIntactOnRetry()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, _invalidator);
        var json = """{"touser":"OPENID","msgtype":"text","text":{"content":"你好, hello"}}""";
        using var content = new StreamContent(new ReadCountingStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await client.PostAsync("/cgi-bin/message/custom/send", content);

        stub.Requests.Should().HaveCount(2);
        stub.Requests.Should().OnlyContain(r => r.Body == json && r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task SendAsync_BinaryResponse_PassesThroughUnreadAndUnbuffered()
    {
        var media = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var stream = new ReadCountingStream(media);
        var stub = new StubHttpMessageHandler((_, _) =>
        {
            var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.GetAsync("/cgi-bin/media/get?media_id=MEDIA", HttpCompletionOption.ResponseHeadersRead);

        stream.BytesRead.Should().Be(0, "the handler neither reads nor buffers a non-JSON answer");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(media);
        stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task SendAsync_NoInvalidator_StillFetchesAgainAndRetriesOnce()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, invalidator: null);

        using var response = await client.GetAsync("/cgi-bin/get_api_domain_ip");

        (await response.Content.ReadAsStringAsync()).Should().Contain("\"errcode\":0");
        stub.Requests.Select(r => TokenOf(r.Uri)).Should().Equal(FirstToken, SecondToken);
        _provider.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_RefetchFails_ThrowsTheProvidersException()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, _invalidator);
        _provider.EnqueueToken(new WechatAccessToken(FirstToken, DateTimeOffset.UtcNow.AddHours(2)));
        var failure = new WechatTokenException("upstream down", WechatTokenSource.Wechat, WechatTokenErrorKind.Network, true);
        _provider.EnqueueFailure(failure);

        var act = () => client.GetAsync("/cgi-bin/get_api_domain_ip");

        (await act.Should().ThrowAsync<WechatTokenException>()).Which.Should().BeSameAs(failure);
        stub.Count.Should().Be(1);
    }

    [Fact]
    public async Task SendAsync_Logs_NeverHoldAWholeToken()
    {
        var longToken = "81_" + new string('x', 130);
        _provider.EnqueueToken(new WechatAccessToken(longToken, DateTimeOffset.UtcNow.AddHours(2)));
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":40001,"errmsg":"invalid credential"}"""));
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.GetAsync("/cgi-bin/get_api_domain_ip");

        var records = _logger.Collector.GetSnapshot();
        records.Should().HaveCount(2);
        records.Should().OnlyContain(r => !r.Message.Contains(longToken, StringComparison.Ordinal) && !r.Message.Contains(SecondToken, StringComparison.Ordinal));
    }

    [Fact]
    public void Send_Synchronous_IsNotSupported()
    {
        using var client = CreateClient(new StubHttpMessageHandler((_, _) => new HttpResponseMessage()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cgi-bin/get_api_domain_ip");

        var act = () => client.Send(request);

        act.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public async Task SendAsync_UnknownAppName_ConfigurationErrorNamingTheAppNothingSent()
    {
        var catalog = new WechatAppCatalog([KeyValuePair.Create("mini", TestApps.Credentials)]);
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":0}"""));
        using var client = new HttpClient(new WechatAccessTokenHandler(_provider, catalog, "official") { InnerHandler = stub }) { BaseAddress = new Uri(BaseUrl) };

        var act = () => client.GetAsync("/cgi-bin/get_api_domain_ip");

        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.Kind.Should().Be(WechatTokenErrorKind.Configuration);
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Contain("'official'").And.Contain("Wechat:Apps:official:AppId").And.Contain("mini");
        stub.Requests.Should().BeEmpty();
        _provider.CallCount.Should().Be(0);
    }

    [Fact]
    public void Constructor_AppName_IsLookedUpCaseInsensitively()
    {
        var catalog = new WechatAppCatalog([KeyValuePair.Create("Mini", TestApps.Credentials)]);

        using var handler = new WechatAccessTokenHandler(_provider, catalog, "mini");

        handler.Credentials.Should().BeSameAs(TestApps.Credentials);
    }

    [Fact]
    public async Task SendAsync_NamedApp_LookedUpPerRequestSoACatalogChangeApplies()
    {
        var catalog = new SwitchableCatalog("mini", TestApps.Credentials);
        var rotated = new WechatAppCredentials(TestApps.AppId, "fake-app-secret-for-tests-rotated-02");
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":0}"""));
        using var client = new HttpClient(new WechatAccessTokenHandler(_provider, catalog, "mini") { InnerHandler = stub }) { BaseAddress = new Uri(BaseUrl) };

        (await client.GetAsync("/cgi-bin/get_api_domain_ip")).Dispose();
        catalog.Credentials = rotated;
        (await client.GetAsync("/cgi-bin/get_api_domain_ip")).Dispose();

        _provider.Calls.Should().Equal(TestApps.Credentials, rotated);
    }

    [Fact]
    public async Task SendAsync_RejectedAndNoReplacementYet_ReturnsWechatsAnswerUntouchedWithItsBody()
    {
        const string Rejection = """{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest rid: 1"}""";
        _provider.EnqueueToken(new WechatAccessToken(FirstToken, DateTimeOffset.UtcNow.AddHours(2)));
        _provider.EnqueueFailure(new WechatTokenException(
            "The only token held for app wx... was just rejected by WeChat; the next fetch is due at ...",
            WechatTokenSource.Unknown, WechatTokenErrorKind.UpstreamError, isTransient: true) { WechatErrorCode = 40001 });
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Text(Rejection, "application/json"));
        using var client = CreateClient(stub, _invalidator);

        using var response = await client.PostAsync("/cgi-bin/message/custom/send", new StringContent("""{"touser":"x"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be(Rejection, "the caller reads WeChat's own answer");
        stub.Requests.Should().ContainSingle("no retry without a new token");
        _invalidator.Calls.Should().ContainSingle().Which.Rejected.Value.Should().Be(FirstToken);
        _provider.CallCount.Should().Be(2);
        _logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1114 && !r.Message.Contains(FirstToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, 40001)]
    [InlineData(true, null)]
    [InlineData(true, 45009)]
    public async Task SendAsync_RejectedAndTheFetchFailsOtherwise_TheFailureReachesTheCaller(bool transient, int? errcode)
    {
        _provider.EnqueueToken(new WechatAccessToken(FirstToken, DateTimeOffset.UtcNow.AddHours(2)));
        _provider.EnqueueFailure(new WechatTokenException("fetch failed", WechatTokenSource.Wechat, WechatTokenErrorKind.UpstreamError, transient) { WechatErrorCode = errcode });
        using var client = CreateClient(RejectingFirstToken(40001), _invalidator);

        var act = () => client.GetAsync("/cgi-bin/get_api_domain_ip");

        (await act.Should().ThrowAsync<WechatTokenException>()).Which.Message.Should().Be("fetch failed");
    }

    [Theory]
    [InlineData("""{"errcode":40001,"errmsg":"x"}""", 40001)]
    [InlineData("""{"errmsg":"x","errcode":"42001"}""", 42001)]
    [InlineData("\uFEFF{\"errcode\":40014}", 40014)]
    [InlineData("""{"data":{"errcode":40001},"errcode":0}""", 0)]
    [InlineData("""{"data":{"errcode":40001}}""", null)]
    [InlineData("""[{"errcode":40001}]""", null)]
    [InlineData("""not json""", null)]
    [InlineData("""{"errcode":""", null)]
    public void ParseErrorCode_Body_ReadsOnlyTheTopLevelErrcode(string body, int? expected)
    {
        WechatAccessTokenHandler.ParseErrorCode(Encoding.UTF8.GetBytes(body)).Should().Be(expected);
    }
}
