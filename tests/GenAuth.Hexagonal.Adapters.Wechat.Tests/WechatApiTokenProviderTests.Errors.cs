using System.Net;
using System.Net.Sockets;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>Every errcode and every broken answer becomes a classified WechatTokenException without the secret.</summary>
public partial class WechatApiTokenProviderTests
{
    /// <summary>protocol.md §3's table: errcode and whether retrying can help.</summary>
    public static TheoryData<int, bool> ErrorCodeTable => new()
    {
        { -1, true },
        { 40001, false },
        { 40002, false },
        { 40013, false },
        { 40014, false },
        { 40125, false },
        { 40164, false },
        { 41001, false },
        { 41002, false },
        { 41004, false },
        { 42001, false },
        { 43002, false },
        { 45009, false },
        { 45011, true },
        { 48001, false },
        { 50002, false },
        { 89501, false },
        { 89503, false },
        { 89506, false },
        { 89507, false },
    };

    public static TheoryData<int, bool, WechatApiEndpoint> ErrorCodeTableOnBothEndpoints()
    {
        var data = new TheoryData<int, bool, WechatApiEndpoint>();
        foreach (var row in ErrorCodeTable)
        {
            data.Add((int)row[0], (bool)row[1], WechatApiEndpoint.StableToken);
            data.Add((int)row[0], (bool)row[1], WechatApiEndpoint.Token);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCodeTableOnBothEndpoints))]
    public async Task GetAccessTokenAsync_Errcode_ThrowsUpstreamErrorWithCodeAndTransience(int errcode, bool transient, WechatApiEndpoint endpoint)
    {
        // errmsg echoing the secret checks that even an upstream echo is scrubbed.
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json(
            $$"""{"errcode":{{errcode}},"errmsg":"error for secret {{TestApps.AppSecret}} rid: 6745-abc"}"""));

        var ex = (await CreateProvider(stub, endpoint).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Upstream.Should().Be(WechatTokenSource.Wechat);
        ex.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        ex.WechatErrorCode.Should().Be(errcode);
        ex.IsTransient.Should().Be(transient);
        ex.AppId.Should().Be(TestApps.AppId);
        ex.HttpStatusCode.Should().Be(200);
        ex.Message.Should().StartWith(WechatErrorCodes.Describe(errcode)).And.Contain("rid: 6745-abc");
        ex.Message.Should().NotContain(TestApps.AppSecret);
        ex.ToString().Should().NotContain(TestApps.AppSecret);
        stub.Count.Should().Be(1, "the provider itself never retries");
    }

    [Fact]
    public async Task GetAccessTokenAsync_Errcode40164_MessageNamesTheIpWhitelist()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":40164,"errmsg":"invalid ip 203.0.113.9, not in whitelist"}"""));

        var ex = (await CreateProvider(stub, WechatApiEndpoint.Token).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Message.Should().Contain("IP whitelist");
    }

    [Fact]
    public async Task GetAccessTokenAsync_Errcode40125_MessageNamesTheSecret()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":40125,"errmsg":"invalid appsecret"}"""));

        var ex = (await CreateProvider(stub).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Message.Should().Contain("AppSecret");
    }

    [Theory]
    [InlineData("", "application/json", "empty")]
    [InlineData("   ", "application/json", "empty")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "text/html", "HTML")]
    [InlineData("<html>oops</html>", "application/json", "HTML")]
    [InlineData("{\"access_token\":", "application/json", "malformed JSON")]
    [InlineData("{\"access_token\":42,\"expires_in\":7200}", "application/json", "malformed JSON")]
    [InlineData("null", "application/json", "null")]
    [InlineData("{\"expires_in\":7200}", "application/json", "no access_token")]
    [InlineData("{\"access_token\":\"\",\"expires_in\":7200}", "application/json", "no access_token")]
    [InlineData("{\"access_token\":\"81_abc\"}", "application/json", "expires_in")]
    [InlineData("{\"access_token\":\"81_abc\",\"expires_in\":0}", "application/json", "expires_in")]
    [InlineData("{\"access_token\":\"81_abc\",\"expires_in\":-5}", "application/json", "expires_in")]
    [InlineData("{\"access_token\":\"81 abc\",\"expires_in\":7200}", "application/json", "not a valid token")]
    public async Task GetAccessTokenAsync_UnusableAnswer_ThrowsInvalidResponse(string body, string mediaType, string expectedInMessage)
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Text(body, mediaType));

        var ex = (await CreateProvider(stub).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        ex.Upstream.Should().Be(WechatTokenSource.Wechat);
        ex.IsTransient.Should().BeFalse();
        ex.WechatErrorCode.Should().BeNull();
        ex.Message.Should().Contain(expectedInMessage);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    public async Task GetAccessTokenAsync_NonSuccessStatus_ThrowsHttpError(HttpStatusCode status, bool transient)
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Text("<html>gateway</html>", "text/html", status));

        var ex = (await CreateProvider(stub, WechatApiEndpoint.Token).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        ex.HttpStatusCode.Should().Be((int)status);
        ex.IsTransient.Should().Be(transient);
        ex.ToString().Should().NotContain(TestApps.AppSecret);
    }

    [Theory]
    [InlineData(WechatApiEndpoint.StableToken)]
    [InlineData(WechatApiEndpoint.Token)]
    public async Task GetAccessTokenAsync_ConnectionFailureCarryingTheUri_ThrowsNetworkWithoutSecret(WechatApiEndpoint endpoint)
    {
        // A handler that (like some proxies and older runtimes) puts the whole request URI into its message.
        var stub = new StubHttpMessageHandler((request, _, _) => Task.FromException<HttpResponseMessage>(
            new HttpRequestException(
                HttpRequestError.ConnectionError,
                $"Connection refused while sending {request.RequestUri} ({TestApps.AppSecret})",
                new SocketException((int)SocketError.ConnectionRefused))));

        var ex = (await CreateProvider(stub, endpoint).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.Network);
        ex.IsTransient.Should().BeTrue();
        ex.InnerException.Should().BeOfType<HttpRequestException>()
            .Which.HttpRequestError.Should().Be(HttpRequestError.ConnectionError);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            e.Message.Should().NotContain(TestApps.AppSecret);
            e.Message.Should().NotContain("secret=");
        }

        ex.ToString().Should().NotContain(TestApps.AppSecret);
        _logger.Collector.GetSnapshot().Should().OnlyContain(r => !r.Message.Contains(TestApps.AppSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAccessTokenAsync_Failure_IsLoggedWithoutSecret()
    {
        var stub = new StubHttpMessageHandler((_, _) => StubHttpMessageHandler.Json("""{"errcode":45009,"errmsg":"reach max api daily quota limit"}"""));

        await CreateProvider(stub, WechatApiEndpoint.Token).Invoking(p => p.GetAccessTokenAsync(TestApps.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>();

        var record = _logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1101).Subject;
        record.Message.Should().Contain("45009").And.Contain(TestApps.AppId).And.NotContain(TestApps.AppSecret);
    }
}
