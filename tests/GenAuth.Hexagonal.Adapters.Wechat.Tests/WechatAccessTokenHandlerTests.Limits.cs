using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>Where the token may go (AllowedHosts), and what the handler holds in memory (request replay, answer inspection).</summary>
public partial class WechatAccessTokenHandlerTests
{
    private HttpClient CreateClient(StubHttpMessageHandler stub, WechatAccessTokenHandlerOptions options, IWechatTokenInvalidator? invalidator = null) =>
        new(new WechatAccessTokenHandler(_provider, TestApps.Credentials, invalidator, _logger, options) { InnerHandler = stub });

    private static StubHttpMessageHandler Ok() => new((_, _) => StubHttpMessageHandler.Json("""{"errcode":0,"errmsg":"ok"}"""));

    [Theory]
    [InlineData("https://media-{0}.example.test/a.jpg?x=query-value")]
    [InlineData("http://files-{0}.example.test/cgi-bin/x?x=query-value")]
    public async Task SendAsync_HostNotAllowed_SentUntouchedWithoutFetchingATokenAndWarnedOnce(string pattern)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var uri = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, unique));
        var stub = Ok();
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions());

        using (await client.GetAsync(uri))
        using (await client.GetAsync(uri))
        {
        }

        stub.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Uri == uri, "the request goes out exactly as the caller wrote it");
        _provider.CallCount.Should().Be(0, "no token is needed for a host that does not get one");
        _logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1112).Should().ContainSingle()
            .Which.Message.Should().Contain(uri.Host).And.NotContain("query-value");
    }

    [Fact]
    public async Task SendAsync_WechatHostOverPlainHttp_NoToken()
    {
        var stub = Ok();
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions());

        using var response = await client.GetAsync(new Uri("http://hk.api.weixin.qq.com/cgi-bin/get_api_domain_ip"));

        TokenOf(stub.Requests.Single().Uri).Should().BeNull("the token goes over https only (plain http only to a listed loopback host)");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/cgi-bin/x", "127.0.0.1")]
    [InlineData("http://localhost:8080/cgi-bin/x", "LOCALHOST")]
    [InlineData("http://[::1]:8080/cgi-bin/x", "[::1]")]
    [InlineData("https://proxy.example.test/cgi-bin/x", "proxy.example.test")]
    public async Task SendAsync_ListedHost_TokenAttached(string target, string listed)
    {
        var stub = Ok();
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions { AllowedHosts = { listed } });

        using var response = await client.GetAsync(new Uri(target));

        TokenOf(stub.Requests.Single().Uri).Should().Be(FirstToken);
    }

    [Fact]
    public async Task SendAsync_ListedNonLoopbackHostOverPlainHttp_NoToken()
    {
        var stub = Ok();
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions { AllowedHosts = { "proxy.example.test" } });

        using var response = await client.GetAsync(new Uri("http://proxy.example.test/cgi-bin/x"));

        TokenOf(stub.Requests.Single().Uri).Should().BeNull();
    }

    [Theory]
    [InlineData("https://api.weixin.qq.com")]
    [InlineData("api.weixin.qq.com/cgi-bin")]
    [InlineData("api.weixin.qq.com:443")]
    [InlineData(" ")]
    public void Constructor_AllowedHostNotAHostName_ThrowsNamingTheProperty(string entry)
    {
        var options = new WechatAccessTokenHandlerOptions { AllowedHosts = { entry } };

        var act = () => new WechatAccessTokenHandler(_provider, TestApps.Credentials, options: options);

        act.Should().Throw<ArgumentException>().WithMessage("*WechatAccessTokenHandlerOptions.AllowedHosts*");
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(200L * 1024 * 1024)]
    public void Constructor_MaxReplayableRequestBytesOutOfRange_ThrowsNamingTheProperty(long value)
    {
        var act = () => new WechatAccessTokenHandler(
            _provider, TestApps.Credentials, options: new WechatAccessTokenHandlerOptions { MaxReplayableRequestBytes = value });

        act.Should().Throw<ArgumentException>().WithMessage("*MaxReplayableRequestBytes*");
    }

    [Fact]
    public async Task SendAsync_KnownLengthBodyOverTheReplayLimit_NotRetriedButTokenInvalidated()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions { MaxReplayableRequestBytes = 16 }, _invalidator);
        client.BaseAddress = new Uri(BaseUrl);
        var body = new string('x', 100);

        using var rejected = await client.PostAsync("/cgi-bin/media/upload", new StringContent(body));
        using var next = await client.PostAsync("/cgi-bin/message/custom/send", new StringContent("{}"));

        (await rejected.Content.ReadAsStringAsync()).Should().Contain("40001", "the caller gets WeChat's answer");
        stub.Requests.Select(r => (TokenOf(r.Uri), r.Body)).Should().Equal((FirstToken, body), (SecondToken, "{}"));
        _invalidator.Calls.Should().ContainSingle().Which.Rejected.Value.Should().Be(FirstToken);
        _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1113);
    }

    [Fact]
    public async Task SendAsync_UnknownLengthBodyOverTheReplayLimit_StreamedIntactAndNotRetried()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions { MaxReplayableRequestBytes = 1000 }, _invalidator);
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)('a' + (i % 26))).ToArray();
        var source = new ReadCountingStream(data);

        using var rejected = await client.PostAsync(new Uri(BaseUrl + "/cgi-bin/media/upload"), new StreamContent(source));

        stub.Requests.Should().ContainSingle().Which.Body.Should().Be(Encoding.ASCII.GetString(data), "the first 1000 bytes and the rest arrive in order");
        _invalidator.Calls.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_UnknownLengthBodyWithinTheReplayLimit_ReplayedIntact()
    {
        var stub = RejectingFirstToken(WechatErrorCodes.InvalidCredential);
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions { MaxReplayableRequestBytes = 1000 }, _invalidator);
        var json = """{"touser":"OPENID","msgtype":"text","text":{"content":"hi"}}""";
        using var content = new StreamContent(new ReadCountingStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(new Uri(BaseUrl + "/cgi-bin/message/custom/send"), content);

        stub.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Body == json);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SendAsync_LargeJsonAnswerOfUnknownLength_LooksAtMost16KBAndHandsOnTheWholeStream()
    {
        var json = "{\"items\":[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "],\"errcode\":40001}";
        var answer = new ReadCountingStream(Encoding.UTF8.GetBytes(json));
        var stub = new StubHttpMessageHandler((_, _) =>
        {
            var content = new StreamContent(answer);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions(), _invalidator);

        using var response = await client.GetAsync(new Uri(BaseUrl + "/cgi-bin/export"), HttpCompletionOption.ResponseHeadersRead);
        var readBeforeCaller = answer.BytesRead;
        var body = await response.Content.ReadAsStringAsync();

        readBeforeCaller.Should().BeLessThanOrEqualTo(16 * 1024 + 1, "the handler looks at no more than the first 16 KB");
        body.Should().Be(json, "the bytes looked at come first, then the rest");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        stub.Count.Should().Be(1, "an errcode beyond the first 16 KB is not a token rejection");
        _invalidator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_SmallRejectionOfUnknownLength_Recognised()
    {
        var stub = new StubHttpMessageHandler((request, _) =>
        {
            var json = TokenOf(request.RequestUri!) == FirstToken ? """{"errcode":42001,"errmsg":"access_token expired"}""" : """{"errcode":0,"errmsg":"ok"}""";
            var content = new StreamContent(new ReadCountingStream(Encoding.UTF8.GetBytes(json)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = CreateClient(stub, new WechatAccessTokenHandlerOptions(), _invalidator);

        using var response = await client.GetAsync(new Uri(BaseUrl + "/cgi-bin/user/get"));

        (await response.Content.ReadAsStringAsync()).Should().Be("""{"errcode":0,"errmsg":"ok"}""");
        stub.Count.Should().Be(2);
    }
}
