using GenAuth.Hexagonal.Adapters.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>One refresh per fleet: the lease, refresh-ahead, fencing of a late holder.</summary>
public sealed partial class RedisWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_TokenDueForRefresh_OneInstanceRefreshesWhileOthersServeTheCurrentToken()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var a = await _harness.AddInstanceAsync(source);
        var b = await _harness.AddInstanceAsync(source);
        using var lost = b.Collect(RedisWechatTokenDiagnostics.LeasesLostInstrumentName);
        var app = TestSupport.App(10);
        var current = await a.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();
        await admin.KeyExpireAsync(TestSupport.ValueKey(_harness.Prefix, app), TimeSpan.FromSeconds(200)); // inside the last 5 minutes

        WechatAccessToken duringRefresh;
        Task<WechatAccessToken> refreshing;
        using (source.HoldFetches())
        {
            refreshing = a.Tier.GetAccessTokenAsync(app).AsTask();
            await TierHarness.WaitUntilAsync(() => source.WaitingCount == 1, "instance A fetches as the lease holder");
            duringRefresh = await b.Tier.GetAccessTokenAsync(app);
        }

        var refreshed = await refreshing;
        duringRefresh.Value.Should().Be(current.Value, "while another instance refreshes, the still-valid token is served at once");
        lost.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        refreshed.Value.Should().NotBe(current.Value);
        (await b.Tier.GetAccessTokenAsync(app)).Value.Should().Be(refreshed.Value);
        source.CallCount.Should().Be(2, "one initial fetch and one refresh for the fleet");
    }

    [Fact]
    public async Task GetAccessTokenAsync_SourceReturnsTheHeldToken_FleetPausesFurtherRefreshes()
    {
        var source = new FakeWechatTokenProvider();
        var same = TestSupport.Token("same", TimeSpan.FromHours(2));
        source.Respond((_, _) => ValueTask.FromResult(same));
        var a = await _harness.AddInstanceAsync(source, configure: o => o.RefreshRetryDelay = TimeSpan.FromSeconds(20));
        var b = await _harness.AddInstanceAsync(source);
        var app = TestSupport.App(11);
        await a.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();
        await admin.KeyExpireAsync(TestSupport.ValueKey(_harness.Prefix, app), TimeSpan.FromSeconds(200));

        await a.Tier.GetAccessTokenAsync(app); // due for refresh: one attempt, the source hands back the same token
        for (var i = 0; i < 5; i++)
        {
            (await b.Tier.GetAccessTokenAsync(app)).Value.Should().Be(same.Value);
            (await a.Tier.GetAccessTokenAsync(app)).Value.Should().Be(same.Value);
        }

        source.CallCount.Should().Be(2, "after an attempt that changed nothing the whole fleet waits before the next one");
    }

    [Fact]
    public async Task GetAccessTokenAsync_HolderStallsPastItsLease_AnotherTakesOverAndTheLateWriteIsFenced()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var source = new FakeWechatTokenProvider();
        source.Respond(async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await gate.Task.WaitAsync(cancellationToken);
                return TestSupport.Token("late-old", TimeSpan.FromHours(2));
            }

            return TestSupport.Token("newer", TimeSpan.FromHours(2));
        });
        Action<RedisWechatTokenOptions> shortLease = o => o.FetchBudget = TimeSpan.FromMilliseconds(200); // lease 400 ms, renewed up to 800 ms
        var stalled = await _harness.AddInstanceAsync(source, configure: shortLease);
        var other = await _harness.AddInstanceAsync(source, configure: shortLease);
        using var fenced = stalled.Collect(RedisWechatTokenDiagnostics.FencedWritesInstrumentName);
        var app = TestSupport.App(12);

        var late = stalled.Tier.GetAccessTokenAsync(app).AsTask();
        await TierHarness.WaitUntilAsync(() => source.CallCount == 1, "the first holder fetches");
        var newer = await other.Tier.GetAccessTokenAsync(app); // waits for the lease to lapse, then takes over
        gate.SetResult();
        var lateResult = await late;

        newer.Value.Should().StartWith("81_newer");
        lateResult.Value.Should().Be(newer.Value, "the fenced-out holder's callers get the newer token, never the older one");
        fenced.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        stalled.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1306);
        (await other.Tier.GetAccessTokenAsync(app)).Value.Should().Be(newer.Value, "Redis kept the newer token");
        source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_HolderFails_WaitersShareItsErrorAndNothingIsStored()
    {
        var source = new FakeWechatTokenProvider();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Respond(async (credentials, cancellationToken) =>
        {
            await gate.Task.WaitAsync(cancellationToken);
            throw new WechatTokenException("upstream down", WechatTokenSource.GenAuth, WechatTokenErrorKind.HttpError, isTransient: true);
        });
        var holder = await _harness.AddInstanceAsync(source);
        var waiter = await _harness.AddInstanceAsync(source);
        using var waited = waiter.Collect(RedisWechatTokenDiagnostics.LeasesWaitedInstrumentName);
        var app = TestSupport.App(13);

        var first = holder.Tier.GetAccessTokenAsync(app).AsTask();
        await TierHarness.WaitUntilAsync(() => source.CallCount == 1, "the holder fetches");
        var second = waiter.Tier.GetAccessTokenAsync(app).AsTask();
        await TierHarness.WaitUntilAsync(() => waited.GetMeasurementSnapshot().Count == 1, "the other instance waits for the holder");
        gate.SetResult();

        (await first.Invoking(t => t).Should().ThrowAsync<WechatTokenException>()).Which.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        var shared = (await second.Invoking(t => t).Should().ThrowAsync<WechatTokenException>()).Which;
        shared.Kind.Should().Be(WechatTokenErrorKind.HttpError, "waiters share the holder's failure, as callers of one fetch do");
        shared.IsTransient.Should().BeTrue();
        source.CallCount.Should().Be(1);
    }
}
