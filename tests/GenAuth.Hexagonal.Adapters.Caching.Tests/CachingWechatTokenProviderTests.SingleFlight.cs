namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_1000ConcurrentColdCallers_ExactlyOneUpstreamCall()
    {
        using var f = new CacheFixture();
        Task<WechatAccessToken>[] calls;
        using (f.Source.HoldFetches())
        {
            using var start = new ManualResetEventSlim();
            var starters = Enumerable.Range(0, 1000)
                .Select(_ => Task.Factory.StartNew(
                    () => { start.Wait(TimeSpan.FromSeconds(10)); return f.Provider.GetAccessTokenAsync(f.Credentials).AsTask(); },
                    CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))
                .ToArray();
            start.Set();
            calls = await Task.WhenAll(starters);
            calls.Should().OnlyContain(c => !c.IsCompleted, "every caller waits for the held fetch");
        }

        var tokens = await Task.WhenAll(calls);
        f.Source.CallCount.Should().Be(1);
        tokens.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task GetAccessTokenAsync_OneCallerCancels_OthersStillGetTheSharedFetch()
    {
        using var f = new CacheFixture();
        using var cts = new CancellationTokenSource();
        var hold = f.Source.HoldFetches();
        var cancelled = f.Provider.GetAccessTokenAsync(f.Credentials, cts.Token).AsTask();
        var patient = f.Provider.GetAccessTokenAsync(f.Credentials).AsTask();

        await cts.CancelAsync();
        await cancelled.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        patient.IsCompleted.Should().BeFalse();
        f.Source.WaitingCount.Should().Be(1, "the shared fetch runs on its own token and was not cancelled");

        hold.Dispose();
        (await patient).Value.Should().Be("fake-token-000001");
        f.Source.CallCount.Should().Be(1);
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().Be("fake-token-000001", "the fetch's result was cached");
    }

    [Fact]
    public async Task GetAccessTokenAsync_AlreadyCancelledToken_ThrowsWithoutUpstreamCall()
    {
        using var f = new CacheFixture();
        var act = async () => await f.Provider.GetAccessTokenAsync(f.Credentials, new CancellationToken(canceled: true));
        await act.Should().ThrowAsync<OperationCanceledException>();
        f.Source.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task GetAccessTokenAsync_FetchFails_FailureReachesEveryWaiterAndIsNotCached()
    {
        using var f = new CacheFixture();
        var failure = new WechatTokenException("upstream down", WechatTokenSource.GenAuth, WechatTokenErrorKind.HttpError, isTransient: true);
        f.Source.EnqueueFailure(failure);
        Task<WechatAccessToken> a, b;
        using (f.Source.HoldFetches())
        {
            a = f.Provider.GetAccessTokenAsync(f.Credentials).AsTask();
            b = f.Provider.GetAccessTokenAsync(f.Credentials).AsTask();
        }

        (await a.Invoking(t => t).Should().ThrowAsync<WechatTokenException>()).Which.Should().BeSameAs(failure);
        (await b.Invoking(t => t).Should().ThrowAsync<WechatTokenException>()).Which.Should().BeSameAs(failure);
        f.Source.CallCount.Should().Be(1);

        var next = await f.Provider.GetAccessTokenAsync(f.Credentials);
        next.Value.Should().Be("fake-token-000001");
        f.Source.CallCount.Should().Be(2, "a failure is never cached: the next caller starts a fresh fetch");
    }

    [Fact]
    public async Task GetAccessTokenAsync_SourceThrowsForeignException_WrappedInWechatTokenException()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueFailure(new InvalidOperationException("boom"));

        var ex = (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.InnerException.Should().BeOfType<InvalidOperationException>();
        ex.AppId.Should().Be(f.Credentials.AppId);
        ex.Message.Should().NotContain(CacheFixture.Secret);
    }

    [Fact]
    public async Task GetAccessTokenAsync_SourceTimesOut_TransientTimeoutError()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueFailure(new TaskCanceledException("HttpClient.Timeout"));

        var ex = (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        ex.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task GetAccessTokenAsync_SourceReturnsExpiredToken_InvalidResponseAndNothingCached()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueToken(f.Token("already-expired-token-0001", TimeSpan.FromSeconds(-1)));

        var ex = (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        f.Provider.Count.Should().Be(0);
    }

    [Fact]
    public async Task GetAccessTokenAsync_WrongSecretForCachedApp_NeverReceivesCachedToken()
    {
        using var f = new CacheFixture();
        var cached = await f.Provider.GetAccessTokenAsync(f.Credentials);
        var impostor = new WechatAppCredentials(f.Credentials.AppId, "fake-wrong-secret-for-tests-9999");
        f.Source.EnqueueFailure(new WechatTokenException("invalid appsecret", WechatTokenSource.Wechat, WechatTokenErrorKind.UpstreamError, false) { WechatErrorCode = 40125 });

        await f.Provider.Invoking(p => p.GetAccessTokenAsync(impostor).AsTask()).Should().ThrowAsync<WechatTokenException>();

        f.Source.Calls.Should().HaveCount(2);
        f.Source.Calls[1].Should().BeSameAs(impostor, "the other secret went upstream instead of hitting the cache");
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(cached);
    }

    [Fact]
    public async Task GetAccessTokenAsync_EqualCredentialsInAnotherInstance_HitTheSameEntry()
    {
        using var f = new CacheFixture();
        var cached = await f.Provider.GetAccessTokenAsync(f.Credentials);
        var same = new WechatAppCredentials(f.Credentials.AppId, CacheFixture.Secret);

        (await f.Provider.GetAccessTokenAsync(same)).Should().BeSameAs(cached);
        f.Source.CallCount.Should().Be(1);
    }
}
