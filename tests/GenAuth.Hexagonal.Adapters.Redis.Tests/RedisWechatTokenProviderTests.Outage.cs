using System.Collections.Concurrent;
using GenAuth.Hexagonal.Adapters.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>Redis trouble: stopped, restarted with its data lost, paused, its pub/sub connection killed.</summary>
public sealed partial class RedisWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_RedisStopped_TheSourceAnswersOncePerAppAndHealthIsDegradedUntilItIsBack()
    {
        var source = TestSupport.SlowSource(TimeSpan.FromMilliseconds(30));
        var instance = await _harness.AddInstanceAsync(source);
        using var bypasses = instance.Collect(RedisWechatTokenDiagnostics.BypassesInstrumentName);
        var health = new RedisWechatTokenHealthCheck(instance.Tier);
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
        await _harness.Server.StopAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => instance.Tier.GetAccessTokenAsync(TestSupport.App(30)).AsTask()));

        tokens.Select(t => t.Value).Distinct().Should().ContainSingle();
        source.CallCount.Should().Be(1, "misses go straight to the source with one flight per app per process");
        bypasses.GetMeasurementSnapshot().Should().OnlyContain(m => Equals(m.Tags[RedisWechatTokenDiagnostics.OutcomeTagName], "source"));
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().NotContain(_harness.Server.EndPoint);

        await _harness.Server.RestartAsync();
        await TierHarness.WaitUntilAsync(() => instance.Tier.IsRedisAvailable, "the tier found Redis again by itself");
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
        var shared = await instance.Tier.GetAccessTokenAsync(TestSupport.App(31));
        var admin = await _harness.AdminAsync();
        (await admin.KeyExistsAsync(TestSupport.ValueKey(_harness.Prefix, TestSupport.App(31)))).Should().BeTrue("tokens are shared again");
        shared.Should().NotBeNull();
    }

    [Fact]
    public async Task GetAccessTokenAsync_RedisStoppedForTheSoleOwnerKind_FailsClosedByDefault()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var soleOwner = await _harness.AddInstanceAsync(source, RedisWechatTokenDefaults.WechatTokenSourceKind);
        var optedIn = await _harness.AddInstanceAsync(
            source, RedisWechatTokenDefaults.WechatTokenSourceKind, o => o.OutageBehavior = RedisOutageBehavior.UseSource);
        await _harness.Server.StopAsync();
        await TierHarness.WaitUntilAsync(() => !soleOwner.Tier.IsRedisAvailable && !optedIn.Tier.IsRedisAvailable, "both saw Redis go");

        var failure = (await soleOwner.Tier.Invoking(t => t.GetAccessTokenAsync(TestSupport.App(32)).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.Message.Should().Contain("Redis is unavailable");
        source.CallCount.Should().Be(0, "an instance must not rotate the fleet's token alone");
        soleOwner.Tier.FailsClosed.Should().BeTrue();

        (await optedIn.Tier.GetAccessTokenAsync(TestSupport.App(32))).Should().NotBeNull();
        source.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RedisRestartedWithAllDataLost_OneFetchPerAppToRecover()
    {
        var source = TestSupport.SlowSource(TimeSpan.FromMilliseconds(20));
        var a = await _harness.AddInstanceAsync(source);
        var b = await _harness.AddInstanceAsync(source);
        var apps = Enumerable.Range(40, 5).Select(i => TestSupport.App(i)).ToArray();
        await Task.WhenAll(apps.Select(app => a.Tier.GetAccessTokenAsync(app).AsTask()));
        source.CallCount.Should().Be(5);

        await _harness.Server.RestartAsync();
        await TierHarness.WaitUntilAsync(() => a.Tier.IsRedisAvailable && b.Tier.IsRedisAvailable, "both reconnected",
            TimeSpan.FromSeconds(30));
        var tokens = await Task.WhenAll(new[] { a, b }.SelectMany(i => apps.Select(async app => (app.AppId, (await i.Tier.GetAccessTokenAsync(app)).Value))));

        source.CallCount.Should().Be(10, "one fetch per app recovers the fleet");
        tokens.GroupBy(t => t.AppId).Should().OnlyContain(g => g.Select(t => t.Value).Distinct().Count() == 1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RedisPaused_CallsAreAnsweredWithinTheBudgetWhileItIsStillPaused()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var instance = await _harness.AddInstanceAsync(source);
        using var errors = instance.Collect(RedisWechatTokenDiagnostics.ErrorsInstrumentName);
        _harness.Server.Pause();
        try
        {
            var answered = await Task.WhenAll(Enumerable.Range(50, 3).Select(i => instance.Tier.GetAccessTokenAsync(TestSupport.App(i)).AsTask()))
                .WaitAsync(TimeSpan.FromSeconds(20));

            answered.Should().HaveCount(3).And.OnlyContain(t => t.Value.Length > 0);
            source.CallCount.Should().Be(3);
            errors.GetMeasurementSnapshot().Should().Contain(m => Equals(m.Tags[RedisWechatTokenDiagnostics.ErrorTypeTagName], "timeout"));
            instance.Tier.IsRedisAvailable.Should().BeFalse("Redis is still paused: nobody waited for it");
        }
        finally
        {
            _harness.Server.Resume();
        }

        await TierHarness.WaitUntilAsync(() => instance.Tier.IsRedisAvailable, "the probe found Redis again");
    }

    [Fact]
    public async Task Subscribe_PubSubConnectionKilled_ResubscribesAndRejectionsFlowAgain()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var publisher = await _harness.AddInstanceAsync(source);
        var listener = await _harness.AddInstanceAsync(source);
        var heard = new ConcurrentQueue<WechatTokenRejection>();
        using var registration = listener.Tier.Subscribe(heard.Enqueue);
        var app = TestSupport.App(60);
        var admin = await _harness.AdminAsync();
        var channel = RedisChannel.Literal(_harness.Prefix + ":notices");
        (await admin.PublishAsync(channel, "not json")).Should().Be(2, "both instances are subscribed");

        var killed = (long)await admin.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        killed.Should().BeGreaterThanOrEqualTo(2);
        await TierHarness.WaitUntilAsync(
            () => admin.Publish(channel, "probe") >= 2, "both instances resubscribed by themselves", TimeSpan.FromSeconds(30));

        var token = await publisher.Tier.GetAccessTokenAsync(app);
        await publisher.Tier.InvalidateAsync(app, token);

        await TierHarness.WaitUntilAsync(() => !heard.IsEmpty, "the rejection reached the other instance");
        heard.Single().Matches(app.AppId, token).Should().BeTrue();
        listener.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1313, "the unreadable notices were ignored, not fatal");
    }
}
