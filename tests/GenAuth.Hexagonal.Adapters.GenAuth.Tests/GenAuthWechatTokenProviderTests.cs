using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Polly.Timeout;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>The adapter through DI with a stub primary handler: every way GenAuth's answer can go wrong.</summary>
public class GenAuthWechatTokenProviderTests
{
    [Theory]
    [InlineData(GenAuthDefaults.WeixinAccessTokenEndpoint)]
    [InlineData(GenAuthDefaults.WechatAccessTokenEndpoint)]
    [InlineData(GenAuthDefaults.WechatAccessTokenInfoEndpoint)]
    public async Task GetAccessTokenAsync_Success_ReturnsTokenFromConfiguredEndpoint(string endpoint)
    {
        await using var host = GenAuthTestHost.Create(o => o.Endpoint = endpoint);
        host.Stub.EnqueueJson(TestData.TokenBody());

        var token = await host.GetAsync();

        token.Value.Should().Be(TestData.Token);
        token.ExpiresAt.Should().Be(TestData.Now.AddSeconds(7200));
        var request = host.Stub.Requests.Should().ContainSingle().Which;
        request.Path.Should().Be(endpoint);
        using var body = JsonDocument.Parse(request.Body!);
        body.RootElement.GetProperty("appId").GetString().Should().Be(TestData.AppId);
        body.RootElement.GetProperty("appSecret").GetString().Should().Be(TestData.AppSecret);
        host.AssertNoSecretsInLogs();
    }

    [Fact]
    public async Task GetAccessTokenAsync_ExpiresAtAsNumericString_IsAccepted()
    {
        await using var host = GenAuthTestHost.Create();
        var expiresAt = TestData.Now.AddHours(1).ToUnixTimeSeconds();
        host.Stub.EnqueueJson(TestData.TokenBody(expiresAt: $"\"{expiresAt}\""));

        var token = await host.GetAsync();

        token.ExpiresAtUnixSeconds.Should().Be(expiresAt);
    }

    [Fact]
    public async Task GetAccessTokenAsync_BusinessError_IsUpstreamErrorWithCodesAndNotRetried()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson($$"""{"statusCode":400,"apiCode":400123,"message":"bad secret {{TestData.AppSecret}}","requestId":"req-4711","data":null}""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.IsTransient.Should().BeFalse();
        failure.StatusCode.Should().Be(400);
        failure.ApiCode.Should().Be(400123);
        failure.RequestId.Should().Be("req-4711");
        failure.HttpStatusCode.Should().Be(200);
        failure.AppId.Should().Be(TestData.AppId);
        failure.Message.Should().Contain("req-4711").And.Contain("AppSecret").And.Contain("bad secret ***");
        host.Stub.Requests.Should().HaveCount(1);
    }

    [Theory]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public async Task GetAccessTokenAsync_BusinessStatusCode_TransientOnlyWhenRetryCanHelp(int statusCode, bool transient)
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson($$"""{"statusCode":{{statusCode}},"apiCode":{{statusCode}}001,"message":"x","requestId":"r"}""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.StatusCode.Should().Be(statusCode);
        failure.IsTransient.Should().Be(transient);
    }

    [Fact]
    public async Task GetAccessTokenAsync_Http500Always_RetriesThenHttpErrorTransient()
    {
        await using var host = GenAuthTestHost.Create(o => o.MaxRetryAttempts = 2);
        host.Stub.Default = (_, _) => Task.FromResult(StubHttpMessageHandler.Response(HttpStatusCode.InternalServerError, "{}"));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        failure.HttpStatusCode.Should().Be(500);
        failure.IsTransient.Should().BeTrue();
        host.Stub.Requests.Should().HaveCount(3, "one attempt and two retries");
    }

    [Fact]
    public async Task GetAccessTokenAsync_Http502HtmlPage_IsHttpErrorTransient()
    {
        await using var host = GenAuthTestHost.Create(o => o.MaxRetryAttempts = 1);
        host.Stub.Default = (_, _) => Task.FromResult(StubHttpMessageHandler.Response(
            HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        failure.HttpStatusCode.Should().Be(502);
        failure.IsTransient.Should().BeTrue();
        failure.StatusCode.Should().BeNull();
        host.Stub.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_Http400WithEnvelope_IsHttpErrorWithCodesNotRetried()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.Enqueue(HttpStatusCode.BadRequest, """{"statusCode":400,"apiCode":400777,"message":"bad","requestId":"req-400"}""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        failure.IsTransient.Should().BeFalse();
        failure.HttpStatusCode.Should().Be(400);
        failure.StatusCode.Should().Be(400);
        failure.ApiCode.Should().Be(400777);
        failure.RequestId.Should().Be("req-400");
        host.Stub.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_Http200HtmlPage_IsInvalidResponse()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.Enqueue(HttpStatusCode.OK, "<!DOCTYPE html><html>login</html>", "text/html");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Contain("HTML").And.Contain("GenAuth:Host");
    }

    [Fact]
    public async Task GetAccessTokenAsync_EmptyBody_IsInvalidResponse()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.Enqueue(HttpStatusCode.OK, string.Empty);

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.HttpStatusCode.Should().Be(200);
        failure.Message.Should().Contain("empty");
    }

    [Fact]
    public async Task GetAccessTokenAsync_MalformedJson_IsInvalidResponseWithJsonInner()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson("""{"statusCode":200,"data":{"accessToken":"abc""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.InnerException.Should().BeAssignableTo<JsonException>();
    }

    [Theory]
    [InlineData("""{"statusCode":200,"data":{"accessToken":12345,"expiresAt":1795559059}}""")]
    [InlineData("""{"statusCode":200,"data":{"accessToken":"abc","expiresAt":true}}""")]
    [InlineData("""{"statusCode":200,"data":{"accessToken":"abc","expiresAt":"soon"}}""")]
    [InlineData("""{"statusCode":200,"data":"not an object"}""")]
    public async Task GetAccessTokenAsync_WrongTypes_IsInvalidResponse(string body)
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(body);

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.IsTransient.Should().BeFalse();
        failure.InnerException.Should().BeAssignableTo<JsonException>();
    }

    [Theory]
    [InlineData("""{"statusCode":200,"message":"ok","data":{}}""")]
    [InlineData("""{"statusCode":200,"message":"ok","data":null}""")]
    [InlineData("""{"statusCode":200,"message":"ok"}""")]
    [InlineData("""{"statusCode":200,"data":{"accessToken":"","expiresAt":1795559059}}""")]
    public async Task GetAccessTokenAsync_MissingToken_IsInvalidResponse(string body)
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(body);

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("accessToken");
    }

    [Fact]
    public async Task GetAccessTokenAsync_MissingStatusCode_IsInvalidResponse()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson("""{"data":{"accessToken":"abc","expiresAt":1795559059}}""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("statusCode");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task GetAccessTokenAsync_ExpiresAtNotInFuture_IsInvalidResponse(int secondsFromNow)
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(TestData.TokenBody(expiresAt: (TestData.Now.ToUnixTimeSeconds() + secondsFromNow).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("already past").And.Contain("clock");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ExpiresAtInMilliseconds_IsInvalidResponse()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(TestData.TokenBody(expiresAt: (TestData.Now.AddHours(2).ToUnixTimeMilliseconds()).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("expiresAt");
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenWithWhitespace_IsInvalidResponseWithoutEchoingIt()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(TestData.TokenBody(token: TestData.Token + " x"));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.InnerException.Should().BeAssignableTo<ArgumentException>();
    }

    [Fact]
    public async Task GetAccessTokenAsync_EveryAttemptTimesOut_IsTimeoutTransient()
    {
        // Real clock: the per-attempt timeout must actually fire.
        await using var host = GenAuthTestHost.Create(o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetryAttempts = 1; }, fakeTime: false);
        host.Stub.Default = async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            throw new InvalidOperationException("The attempt should have been cancelled.");
        };

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        failure.IsTransient.Should().BeTrue();
        failure.InnerException.Should().BeOfType<TimeoutRejectedException>();
        failure.Message.Should().Contain("GenAuth:Timeout");
        host.Stub.Requests.Should().HaveCount(2, "the timed-out attempt is retried once");
    }

    [Fact]
    public async Task GetAccessTokenAsync_BodyStallsAfterHeaders_IsTimeoutTransient()
    {
        await using var host = GenAuthTestHost.Create(o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetryAttempts = 0; }, fakeTime: false);
        host.Stub.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) }));

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        failure.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConnectionRefused_IsNetworkTransient()
    {
        var port = ClosedLoopbackPort();
        await using var host = GenAuthTestHost.Create(o => { o.Host = $"http://127.0.0.1:{port}"; o.MaxRetryAttempts = 1; }, useStub: false, fakeTime: false);

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.Network);
        failure.IsTransient.Should().BeTrue();
        failure.InnerException.Should().BeOfType<HttpRequestException>();
        failure.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("GenAuth:Host");
    }

    [Fact]
    public async Task GetAccessTokenAsync_CallerCancelsWhileWaiting_ThrowsOperationCanceled()
    {
        await using var host = GenAuthTestHost.Create(fakeTime: false);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Stub.Default = async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            throw new InvalidOperationException("The attempt should have been cancelled.");
        };
        using var cancellation = new CancellationTokenSource();

        var call = host.GetAsync(cancellation.Token).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        var thrown = (await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>()).Which;
        thrown.CancellationToken.Should().Be(cancellation.Token);
        host.Stub.Requests.Should().HaveCount(1, "a caller's cancellation is not retried");
    }

    [Fact]
    public async Task GetAccessTokenAsync_AlreadyCancelled_ThrowsOperationCanceledWithoutRequest()
    {
        await using var host = GenAuthTestHost.Create();

        var act = async () => await host.GetAsync(new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        host.Stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetAccessTokenAsync_NullCredentials_ThrowsArgumentNull()
    {
        await using var host = GenAuthTestHost.Create();

        var act = async () => await host.Provider.GetAccessTokenAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public async Task GetAccessTokenAsync_Failure_LogsWarningWithCodesButNoSecrets()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson("""{"statusCode":403,"apiCode":403001,"message":"no","requestId":"req-log"}""");

        await host.FailAsync();

        var record = host.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1001).Which;
        record.Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Warning);
        record.Message.Should().Contain("req-log").And.Contain("UpstreamError").And.Contain(TestData.AppId);
    }

    /// <summary>A body that never sends a byte, until the reader gives up.</summary>
    private sealed class StallingStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            throw new InvalidOperationException("The read should have been cancelled.");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
