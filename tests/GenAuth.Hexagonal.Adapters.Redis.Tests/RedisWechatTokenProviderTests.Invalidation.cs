using System.Collections.Concurrent;
using GenAuth.Hexagonal.Adapters.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>Rejections: compare-and-delete in Redis, notices to every other instance, no write-back of a rejected token.</summary>
public sealed partial class RedisWechatTokenProviderTests
{
    [Fact]
    public async Task InvalidateAsync_RemovesTheTokenAndEveryOtherInstanceHearsOfIt_NeverThePublisher()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var instances = new[] { await _harness.AddInstanceAsync(source), await _harness.AddInstanceAsync(source), await _harness.AddInstanceAsync(source) };
        var heard = instances.Select(_ => new ConcurrentQueue<WechatTokenRejection>()).ToArray();
        var registrations = instances.Select((instance, i) => instance.Tier.Subscribe(heard[i].Enqueue)).ToArray();
        using var remote = instances[1].Collect(RedisWechatTokenDiagnostics.RemoteInvalidationsInstrumentName);
        var app = TestSupport.App(20);
        var rejected = await instances[0].Tier.GetAccessTokenAsync(app);

        await instances[0].Tier.InvalidateAsync(app, rejected);
        await TierHarness.WaitUntilAsync(() => heard[1].Count == 1 && heard[2].Count == 1, "the other instances heard the rejection");
        var replacement = await instances[2].Tier.GetAccessTokenAsync(app);
        await Task.Delay(200); // let any stray notice arrive

        heard[0].Should().BeEmpty("the publisher never raises its own rejection");
        heard[1].Single().Should().Be(WechatTokenRejection.For(app.AppId, rejected));
        heard[1].Single().Matches(app.AppId, rejected).Should().BeTrue();
        heard[2].Should().ContainSingle("a notice is raised once and never published again");
        remote.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        replacement.Value.Should().NotBe(rejected.Value);
        source.CallCount.Should().Be(2);
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }

    [Fact]
    public async Task InvalidateAsync_RedisAlreadyHoldsANewerToken_LeavesItAndCallersGetItWithoutAFetch()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var a = await _harness.AddInstanceAsync(source);
        var b = await _harness.AddInstanceAsync(source);
        using var invalidations = b.Collect(RedisWechatTokenDiagnostics.InvalidationsInstrumentName);
        var app = TestSupport.App(21);
        var rejected = await a.Tier.GetAccessTokenAsync(app);
        await a.Tier.InvalidateAsync(app, rejected);
        var newer = await a.Tier.GetAccessTokenAsync(app);

        await b.Tier.InvalidateAsync(app, rejected); // late: instance B saw the same rejection
        var served = await b.Tier.RefreshAsync(app, rejected);

        served.Value.Should().Be(newer.Value);
        source.CallCount.Should().Be(2, "the newer token in Redis answers without a fetch");
        invalidations.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(0, "compare-and-delete left the newer token alone");
    }

    [Fact]
    public async Task GetAccessTokenAsync_SourceHandsBackTheRejectedToken_ItIsNotWrittenBack()
    {
        var source = new FakeWechatTokenProvider();
        var stale = TestSupport.Token("stale", TimeSpan.FromHours(2));
        source.Respond((_, _) => ValueTask.FromResult(stale));
        var a = await _harness.AddInstanceAsync(source);
        var app = TestSupport.App(22);
        await a.Tier.GetAccessTokenAsync(app);
        await a.Tier.InvalidateAsync(app, stale);

        var again = await a.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();

        again.Value.Should().Be(stale.Value, "the caller gets what the source said; the cache above decides what to do with it");
        (await admin.KeyExistsAsync(TestSupport.ValueKey(_harness.Prefix, app))).Should().BeFalse("the fleet never stores a token it rejected");
        a.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1320);
    }

    [Fact]
    public async Task RefreshAsync_ForcesOnlyAsTheLeaseHolderWithinTheFleetsSpacingAndDailyCount()
    {
        var source = new RefresherSource();
        var a = await _harness.AddInstanceAsync(source, RedisWechatTokenDefaults.WechatStableTokenSourceKind);
        var b = await _harness.AddInstanceAsync(source, RedisWechatTokenDefaults.WechatStableTokenSourceKind);
        using var forced = a.Collect(RedisWechatTokenDiagnostics.ForcedRefreshesInstrumentName);
        var app = TestSupport.App(23);
        var first = await a.Tier.GetAccessTokenAsync(app);

        var replaced = await a.Tier.RefreshAsync(app, first);
        var fromRedis = await b.Tier.RefreshAsync(app, first);
        var tooSoon = await a.Tier.RefreshAsync(app, replaced);

        source.Forced.Should().Be(1, "one forced refresh, and not again within 30 s");
        replaced.Value.Should().NotBe(first.Value);
        fromRedis.Value.Should().Be(replaced.Value, "instance B finds the replacement in Redis without a fetch");
        tooSoon.Value.Should().Be(replaced.Value, "within the spacing the source is asked in normal mode");
        forced.GetMeasurementSnapshot().Select(m => m.Tags[RedisWechatTokenDiagnostics.OutcomeTagName]).Should().Equal("allowed", "denied");
    }

    [Fact]
    public async Task RefreshAsync_FleetsDailyCountReached_NoForcedRefresh()
    {
        var source = new RefresherSource();
        var a = await _harness.AddInstanceAsync(source, RedisWechatTokenDefaults.WechatStableTokenSourceKind);
        var app = TestSupport.App(24);
        var first = await a.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        await admin.StringSetAsync(_harness.Prefix + ":{" + app.AppId + "}:wechat-stable:force-day:" + day, 20);

        var answer = await a.Tier.RefreshAsync(app, first);

        source.Forced.Should().Be(0, "20 forced refreshes a day per app for the whole fleet, as WeChat allows");
        answer.Value.Should().Be(first.Value);
        a.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1315 && r.Message.Contains("daily limit", StringComparison.Ordinal));
    }
}
