using System.Net;
using GenAuth.Hexagonal.Adapters.GenAuth.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>Management-token authentication through DI with a stub: caching, refresh ahead of expiry, one refresh at a time.</summary>
public partial class GenAuthManagementTokenCacheTests
{
    private static GenAuthTestHost CreateHost(GenAuthBrand brand = GenAuthBrand.GenAuth, Action<GenAuthOptions>? configure = null)
    {
        var host = GenAuthTestHost.Create(o =>
        {
            o.Auth = GenAuthAuthentication.ManagementToken;
            o.Brand = brand;
            configure?.Invoke(o);
        });
        host.Stub.Default = (request, _) => Task.FromResult(StubHttpMessageHandler.Response(
            HttpStatusCode.OK,
            request.RequestUri!.AbsolutePath == GenAuthDefaults.ManagementTokenEndpoint
                ? TestData.ManagementTokenBody(TestData.Jwt(TestData.UserPoolId))
                : TestData.TokenBody(now: host.Time.GetUtcNow())));
        return host;
    }

    [Theory]
    [InlineData(GenAuthBrand.GenAuth, "x-genauth-")]
    [InlineData(GenAuthBrand.Authing, "x-authing-")]
    public async Task GetAsync_SeveralTokenCalls_FetchesManagementTokenOnceAndSendsBearer(GenAuthBrand brand, string prefix)
    {
        await using var host = CreateHost(brand);

        for (var i = 0; i < 3; i++)
        {
            (await host.GetAsync()).Value.Should().Be(TestData.Token);
        }

        var managementCalls = host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint);
        managementCalls.Should().ContainSingle();
        managementCalls[0].Body.Should().Contain(TestData.AccessKeyId).And.Contain(TestData.AccessKeySecret);
        managementCalls[0].Header("authorization").Should().BeNull();
        managementCalls[0].Header(prefix + "sdk-version").Should().StartWith("genauth-hexagonal:");
        var tokenCalls = host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint);
        tokenCalls.Should().HaveCount(3);
        tokenCalls.Should().AllSatisfy(r =>
        {
            r.Header("authorization").Should().Be("Bearer " + TestData.Jwt(TestData.UserPoolId));
            r.Header(prefix + "userpool-id").Should().Be(TestData.UserPoolId);
            r.Header(prefix + "signature-nonce").Should().BeNull();
        });
    }

    [Fact]
    public async Task GetAsync_AfterRefreshMoment_RefreshesInTheBackgroundWhileTheHeldTokenIsSent()
    {
        await using var host = CreateHost();
        await host.GetAsync();
        var first = TestData.Jwt(TestData.UserPoolId);
        host.Stub.Default = (request, _) => Task.FromResult(StubHttpMessageHandler.Response(
            HttpStatusCode.OK,
            request.RequestUri!.AbsolutePath == GenAuthDefaults.ManagementTokenEndpoint
                ? TestData.ManagementTokenBody(TestData.Jwt("fake-user-pool-0002"))
                : TestData.TokenBody(now: host.Time.GetUtcNow())));

        host.Time.Advance(TimeSpan.FromSeconds(7200 - 301)); // before expiresAt − 5 min
        await host.GetAsync();
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(1);

        host.Time.Advance(TimeSpan.FromSeconds(2)); // now inside the 5-minute window
        await host.GetAsync();
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint)[^1].Header("authorization").Should()
            .Be("Bearer " + first, "the caller does not wait for the refresh while a valid token is held");
        await Eventually.HoldsAsync(() => host.ManagementTokens.FetchCount == 2 && host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Count == 2, "one background refresh");

        // Once the refresh has finished (a bounded number of calls), the refreshed token is sent; no further refresh happens.
        var second = "Bearer " + TestData.Jwt("fake-user-pool-0002");
        string? sent = null;
        for (var i = 0; i < 2000 && sent != second; i++)
        {
            await host.GetAsync();
            sent = host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint)[^1].Header("authorization");
            if (sent != second)
            {
                await Task.Delay(10);
            }
        }

        sent.Should().Be(second);
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(2);
    }

    [Fact]
    public async Task GetAsync_RefreshFailsWhileTokenStillValid_KeepsUsingCurrentTokenAndRetriesAfterTheBackoff()
    {
        await using var host = CreateHost(configure: o => o.MaxRetryAttempts = 0);
        await host.GetAsync();
        host.Time.Advance(TimeSpan.FromSeconds(7200 - 120)); // inside the refresh window, 2 minutes before expiry
        var answer = host.Stub.Default!;
        var down = 1;
        host.Stub.Default = (request, ct) => request.RequestUri!.AbsolutePath == GenAuthDefaults.ManagementTokenEndpoint && Interlocked.Exchange(ref down, 0) == 1
            ? Task.FromResult(StubHttpMessageHandler.Response(HttpStatusCode.ServiceUnavailable, "down", "text/plain"))
            : answer(request, ct);

        (await host.GetAsync()).Value.Should().Be(TestData.Token);
        await Eventually.HoldsAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Id == 1005), "the failed refresh is logged");
        (await host.GetAsync()).Value.Should().Be(TestData.Token);
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(2, "no second refresh before the backoff (1 s) has passed");

        host.Time.Advance(GenAuthManagementTokenCache.FirstRetryDelay);
        await host.GetAsync();
        await Eventually.HoldsAsync(() => host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Count == 3, "the refresh after the backoff");

        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(3, "first fetch, failed refresh, refresh after the backoff");
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().HaveCount(4);
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().OnlyContain(r => r.Header("authorization") == "Bearer " + TestData.Jwt(TestData.UserPoolId));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(40, 30)]
    public void Backoff_FailuresInARow_DoublesFromOneSecondToThirty(int failures, int seconds) =>
        GenAuthManagementTokenCache.Backoff(failures).Should().Be(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task GetAsync_RefreshFailsCloseToExpiry_Fails()
    {
        await using var host = CreateHost(configure: o => o.MaxRetryAttempts = 0);
        await host.GetAsync();
        host.Time.Advance(TimeSpan.FromSeconds(7200 - 10)); // within the 30-second safety margin
        host.Stub.Enqueue(HttpStatusCode.ServiceUnavailable, "down", "text/plain");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().HaveCount(1);
    }

    [Fact]
    public async Task GetAsync_ConcurrentColdCallers_FetchOneManagementToken()
    {
        await using var host = CreateHost();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Stub.Enqueue(async (_, ct) =>
        {
            fetching.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return StubHttpMessageHandler.Response(HttpStatusCode.OK, TestData.ManagementTokenBody(TestData.Jwt(TestData.UserPoolId)));
        });

        var calls = Enumerable.Range(0, 5).Select(_ => host.GetAsync().AsTask()).ToArray();
        await fetching.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        var tokens = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        tokens.Should().OnlyContain(t => t.Value == TestData.Token);
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().ContainSingle();
        host.ManagementTokens.FetchCount.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_ManagementTokenRejected_IsUpstreamErrorAndTokenEndpointNotCalled()
    {
        await using var host = CreateHost();
        host.Stub.EnqueueJson($$"""{"statusCode":401,"apiCode":401009,"message":"wrong secret {{TestData.AccessKeySecret}}","requestId":"req-mt"}""");

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.IsTransient.Should().BeFalse();
        failure.StatusCode.Should().Be(401);
        failure.ApiCode.Should().Be(401009);
        failure.RequestId.Should().Be("req-mt");
        failure.Message.Should().Contain("management token").And.Contain("GenAuth:AccessKeySecret");
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().BeEmpty();
    }

    [Fact]
    public async Task GetAsync_ManagementTokenEndpointDown_RetriedOnItsOwnClientThenHttpError()
    {
        await using var host = CreateHost(configure: o => o.MaxRetryAttempts = 2);
        for (var i = 0; i < 3; i++)
        {
            host.Stub.Enqueue(HttpStatusCode.ServiceUnavailable, "down", "text/plain");
        }

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        failure.HttpStatusCode.Should().Be(503);
        failure.IsTransient.Should().BeTrue();
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(3, "the management client retries; the token client does not multiply that");
        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().BeEmpty();
    }

    [Fact]
    public async Task GetAsync_TokenEndpointRejectsManagementToken_DropsItSoNextCallFetchesAgain()
    {
        await using var host = CreateHost();
        await host.GetAsync();
        host.Stub.EnqueueJson("""{"statusCode":401,"apiCode":401007,"message":"token expired","requestId":"r"}""");

        var failure = await host.FailAsync();
        await host.GetAsync();

        failure.StatusCode.Should().Be(401);
        host.Stub.RequestsTo(GenAuthDefaults.ManagementTokenEndpoint).Should().HaveCount(2);
    }

    [Fact]
    public async Task GetAsync_JwtWithoutUserPoolClaim_FallsBackToAccessKeyId()
    {
        await using var host = CreateHost();
        host.Stub.EnqueueJson(TestData.ManagementTokenBody("not-a-jwt"));

        await host.GetAsync();

        host.Stub.RequestsTo(GenAuthDefaults.WeixinAccessTokenEndpoint).Single().Header("x-genauth-userpool-id").Should().Be(TestData.AccessKeyId);
    }

    [Theory]
    [InlineData("""{"statusCode":200,"data":{"access_token":"","expires_in":7200}}""")]
    [InlineData("""{"statusCode":200,"data":{"access_token":"abc","expires_in":0}}""")]
    [InlineData("""{"statusCode":200,"data":{}}""")]
    public async Task GetAsync_UnusableManagementTokenAnswer_IsInvalidResponse(string body)
    {
        await using var host = CreateHost();
        host.Stub.EnqueueJson(body);

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.Message.Should().Contain("management token");
    }

    [Fact]
    public void ReadUserPoolId_Jwt_ReadsScopedUserPoolIdClaim()
    {
        GenAuthManagementTokenCache.ReadUserPoolId(TestData.Jwt("pool-42")).Should().Be("pool-42");
        GenAuthManagementTokenCache.ReadUserPoolId("a.!!!.c").Should().BeNull();
    }
}
