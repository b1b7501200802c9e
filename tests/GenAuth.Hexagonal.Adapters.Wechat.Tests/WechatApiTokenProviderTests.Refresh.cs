using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>
/// <see cref="IWechatTokenRefresher"/> over loopback HTTP against the emulator (issue 11, finding 6): one
/// <c>force_refresh: true</c> only when normal mode hands back the rejected token, at least 30 s apart, at most 20 a Beijing
/// day per app, and never otherwise. The emulator counts the forced calls and refuses those that break WeChat's limits.
/// </summary>
public partial class WechatApiTokenProviderTests
{
    private const string StableTokenPath = "/cgi-bin/stable_token";

    private static (ServiceProvider Services, IWechatTokenProvider Source, IWechatTokenRefresher Refresher) BuildSource(
        WechatTokenEmulator emulator, TimeProvider clock, WechatApiEndpoint endpoint = WechatApiEndpoint.StableToken)
    {
        var services = EmulatorServices.Build(emulator, endpoint, configureServices: s =>
        {
            s.AddSingleton(clock);
            s.AddFakeLogging(o => o.OutputSink = null);
        });
        var source = services.GetRequiredService<IWechatTokenProvider>();
        return (services, source, source.Should().BeAssignableTo<IWechatTokenRefresher>().Which);
    }

    private static List<bool> ForceFlags(WechatTokenEmulator emulator) =>
        [.. emulator.Requests.Where(r => r.Path == StableTokenPath)
            .Select(r => JsonDocument.Parse(r.Body, default).RootElement.GetProperty("force_refresh").GetBoolean())];

    [Fact]
    public async Task RefreshAsync_NormalAnswerIsStillTheRejectedToken_OneForcedRefreshAndANewToken()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var rejected = await source.GetAccessTokenAsync(EmulatorApp);

        var fresh = await refresher.RefreshAsync(EmulatorApp, rejected);

        fresh.Value.Should().NotBe(rejected.Value);
        fresh.Value.Should().Be(emulator.CurrentWechatToken(EmulatorApp.AppId));
        ForceFlags(emulator).Should().Equal([false, false, true], "normal mode first; forced only because it answered the rejected token");
        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(1);
        emulator.RefusedForceRefreshCount(EmulatorApp.AppId).Should().Be(0);
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, fresh.Value)).Should().Be(0);
    }

    [Fact]
    public async Task RefreshAsync_NormalAnswerIsAnotherToken_NeverForces()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var rejected = await source.GetAccessTokenAsync(EmulatorApp);
        emulator.InvalidateWechatTokens(EmulatorApp.AppId); // WeChat already has a new one for normal mode

        var fresh = await refresher.RefreshAsync(EmulatorApp, rejected);

        fresh.Value.Should().NotBe(rejected.Value);
        ForceFlags(emulator).Should().Equal(false, false);
        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(0);
    }

    [Fact]
    public async Task RefreshAsync_FiftyRejectionsWithTheClockFrozen_OneForcedRefreshWithinWechatsLimits()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var token = await source.GetAccessTokenAsync(EmulatorApp);

        for (var i = 0; i < 50; i++)
        {
            token = await refresher.RefreshAsync(EmulatorApp, token);
        }

        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(1, "forced calls are at least 30 s apart and the clock stands still");
        emulator.RefusedForceRefreshCount(EmulatorApp.AppId).Should().Be(0, "none broke WeChat's limits");
        services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == 1104).Should().Be(49, "each refused force is logged");
    }

    [Fact]
    public async Task RefreshAsync_ThirtySecondsApart_TwentyPerBeijingDayThenTheNextDay()
    {
        // 00:00:10 in Beijing (UTC+8).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 16, 0, 10, TimeSpan.Zero));
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var token = await source.GetAccessTokenAsync(EmulatorApp);

        for (var i = 1; i <= 20; i++)
        {
            var before = token;
            token = await refresher.RefreshAsync(EmulatorApp, token);
            token.Value.Should().NotBe(before.Value, $"forced refresh {i} of the day is allowed");
            var again = await refresher.RefreshAsync(EmulatorApp, token);
            again.Value.Should().Be(token.Value, "a second forced refresh within 30 s is not sent");
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        var twentyFirst = await refresher.RefreshAsync(EmulatorApp, token);
        twentyFirst.Value.Should().Be(token.Value, "the 21st of the Beijing day is not sent");
        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(20);

        // The next Beijing day (16:00 UTC): allowed again.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
        token = await source.GetAccessTokenAsync(EmulatorApp);
        (await refresher.RefreshAsync(EmulatorApp, token)).Value.Should().NotBe(token.Value);
        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(21);
        emulator.RefusedForceRefreshCount(EmulatorApp.AppId).Should().Be(0);
    }

    [Fact]
    public async Task RefreshAsync_ConcurrentCallersForOneRejectedToken_OneForcedRefresh()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var rejected = await source.GetAccessTokenAsync(EmulatorApp);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => refresher.RefreshAsync(EmulatorApp, rejected).AsTask()));

        emulator.ForceRefreshCount(EmulatorApp.AppId).Should().Be(1);
        emulator.RefusedForceRefreshCount(EmulatorApp.AppId).Should().Be(0);
        results.Should().Contain(t => t.Value == emulator.CurrentWechatToken(EmulatorApp.AppId));
    }

    [Fact]
    public async Task RefreshAsync_ForcedCallRefusedByWechat_NormalAnswerHandedBackAndLogged()
    {
        // Another process used the app's forced refreshes: WeChat refuses this one (45009).
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock, ForceRefreshDailyLimit = 0 });
        var (services, source, refresher) = BuildSource(emulator, clock);
        await using var _ = services;
        var rejected = await source.GetAccessTokenAsync(EmulatorApp);

        var answer = await refresher.RefreshAsync(EmulatorApp, rejected);

        answer.Value.Should().Be(rejected.Value, "the caller is told nothing newer could be had");
        emulator.RefusedForceRefreshCount(EmulatorApp.AppId).Should().Be(1);
        services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1105)
            .Which.Message.Should().Contain("45009").And.NotContain(rejected.Value);
    }

    [Fact]
    public async Task RefreshAsync_CgiBinToken_APlainFetchThatRotatesNeverAForce()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (services, source, refresher) = BuildSource(emulator, clock, WechatApiEndpoint.Token);
        await using var _ = services;
        var rejected = await source.GetAccessTokenAsync(EmulatorApp);

        var fresh = await refresher.RefreshAsync(EmulatorApp, rejected);

        fresh.Value.Should().NotBe(rejected.Value);
        emulator.RequestCount("/cgi-bin/token").Should().Be(2);
        emulator.RequestCount(StableTokenPath).Should().Be(0);
    }

    [Theory]
    [InlineData(WechatApiEndpoint.StableToken, "wechat-stable", false)]
    [InlineData(WechatApiEndpoint.Token, "wechat-token", true)]
    public async Task SourceInfo_KindAndRotationFollowTheEndpointAndTheBudgetIsTotalTimeout(WechatApiEndpoint endpoint, string kind, bool rotates)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var (services, source, _) = BuildSource(emulator, TimeProvider.System, endpoint);
        await using var __ = services;

        var info = source.Should().BeAssignableTo<IWechatTokenSourceInfo>().Which;

        info.TokenKind.Should().Be(kind);
        info.RotatesOnFetch.Should().Be(rotates);
        info.FetchBudget.Should().Be(WechatApiDefaults.DefaultTotalTimeout);
    }
}
