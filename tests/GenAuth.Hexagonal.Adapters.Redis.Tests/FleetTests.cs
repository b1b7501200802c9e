using System.Text.Json.Nodes;
using GenAuth.Hexagonal.Adapters.Redis;
using GenAuth.Hexagonal.Fleet.Worker;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>
/// Fleets of real processes (the fleet worker: in-process cache → Redis tier → GenAuth or WeChat source) against one real
/// redis-server and the emulator, which counts every upstream request. Bounded in count and time; assertions on counts and
/// values.
/// </summary>
public sealed class FleetTests : IAsyncLifetime
{
    private const string GenAuthPath = "/api/v3/get-weixin-access-token";
    private const string TokenPath = "/cgi-bin/token";
    private readonly List<FleetProcess> _processes = [];
    private RedisServer _redis = null!;
    private WechatTokenEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TokenLifetime = TimeSpan.FromHours(2) });
        for (var i = 0; i < 100; i++)
        {
            _emulator.AddApp(FleetApps.AppId(i), FleetApps.AppSecret(i));
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        await _emulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task EightProcessesRacingOnColdCaches_MakeExactlyOneUpstreamFetchPerApp()
    {
        var fleet = await StartAsync(8, apps: 100);
        _emulator.ResetCounters();

        var at = FleetProcess.At(TimeSpan.FromSeconds(1));
        var replies = await Task.WhenAll(fleet.Select(p => p.SendAsync("race " + at)));

        _emulator.RequestCount(GenAuthPath).Should().Be(100, "one lease holder per app fetches for all 8 processes");
        var hashes = replies.Select(r => r["hashes"]!.AsArray().Select(h => h!.GetValue<string>()).ToArray()).ToArray();
        for (var app = 0; app < 100; app++)
        {
            hashes.Select(h => h[app]).Distinct().Should().ContainSingle("every process serves app {0}'s one token", app);
        }

        var won = 0L;
        foreach (var process in fleet)
        {
            won += await process.CounterAsync(RedisWechatTokenDiagnostics.LeasesWonInstrumentName);
        }

        won.Should().Be(100);
    }

    [Fact]
    public async Task AfterTheSoftMoment_TheFleetMakesAsManyUpstreamCallsPerAppAsOneProcess()
    {
        await _emulator.DisposeAsync();
        // 20 s tokens, which the emulator renews in their last 4 s. The caches and the tier refresh 1.3-2 s before expiry, well
        // inside that window: a refresh at its very start could get the same token back (GenAuth's expiresAt has whole
        // seconds) and be followed by one more, in the solo process or in the fleet by chance, which is not what is compared.
        _emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TokenLifetime = TimeSpan.FromSeconds(20) });
        for (var i = 0; i < 20; i++)
        {
            _emulator.AddApp(FleetApps.AppId(i), FleetApps.AppSecret(i));
        }

        // One process alone (prefix "solo") and a fleet of 6 (prefix "fleet"), both on apps 0-9, at the same time, for 26 s:
        // each token is fetched, then refreshed once after its soft moment (18-18.7 s); the next is due after 36 s.
        string[] window = ["--max-refresh-ahead-ms", "2000", "--max-safety-margin-ms", "1000"];
        var solo = await StartAsync(1, apps: 10, ["--prefix", "solo", .. window]);
        var fleet = await StartAsync(6, apps: 10, ["--prefix", "fleet", .. window]);
        var soloBaseline = await SoloUpstreamCallsAsync(solo[0], fleet, TimeSpan.FromSeconds(26));

        soloBaseline.Solo.Should().Be(20, "one process fetched each of the 10 tokens and refreshed it once after its soft moment");
        soloBaseline.Fleet.Should().BeLessThanOrEqualTo(soloBaseline.Solo,
            "the whole fleet refreshes each app's token as one process would ({0} calls for 10 apps alone, {1} for 6 processes)",
            soloBaseline.Solo, soloBaseline.Fleet);
    }

    [Fact]
    public async Task LeaseHolderKilledMidFetch_AnotherTakesOverAfterTheLease_OneMoreFetchAtMost()
    {
        var fleet = await StartAsync(4, apps: 1, "--fetch-budget-ms", "1000");
        _emulator.ResetCounters();
        _emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromSeconds(3)), times: 1, pathPrefix: GenAuthPath);

        await fleet[0].SendOnlyAsync("get 0");
        await TierHarness.WaitUntilAsync(() => _emulator.RequestCount(GenAuthPath) == 1, "the holder's fetch reached the emulator");
        fleet[0].Kill();
        var replies = await Task.WhenAll(fleet.Skip(1).Select(p => p.SendAsync("get 0")));

        replies.Select(r => r["hash"]!.GetValue<string>()).Distinct().Should().ContainSingle();
        _emulator.RequestCount(GenAuthPath).Should().Be(2, "the dead holder's fetch and one more by the instance that took over");
    }

    [Fact]
    public async Task LeaseHolderPausedPastItsLease_ItsLateWriteIsFenced_AndNoCallerSeesTheOlderToken()
    {
        // The sole-owner mode: every GET /cgi-bin/token rotates the app's token, so the paused holder's token is older.
        var fleet = await StartAsync(2, apps: 1, "--source", RedisWechatTokenDefaults.WechatTokenSourceKind, "--fetch-budget-ms", "1000");
        _emulator.ResetCounters();
        _emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromSeconds(1)), times: 1, pathPrefix: TokenPath);
        var paused = fleet[0];

        await paused.SendOnlyAsync("get 0");
        await TierHarness.WaitUntilAsync(() => _emulator.RequestCount(TokenPath) == 1, "the holder's fetch reached the emulator");
        paused.Pause();
        await TierHarness.WaitUntilAsync(() => _emulator.Requests.Any(r => r.Path == TokenPath), "the emulator answered the paused holder");
        var older = _emulator.CurrentWechatToken(FleetApps.AppId(0))!;
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the 2 s lease, which a paused process cannot renew
        var takeover = await fleet[1].SendAsync("get 0");
        var newer = _emulator.CurrentWechatToken(FleetApps.AppId(0))!;
        paused.Resume();
        var late = await paused.ReadReplyAsync(TimeSpan.FromSeconds(30));

        newer.Should().NotBe(older);
        takeover["hash"]!.GetValue<string>().Should().Be(Hash(newer));
        late["hash"]!.GetValue<string>().Should().Be(Hash(newer), "the fenced-out holder's callers get the newer token, never the older one");
        (await paused.CounterAsync(RedisWechatTokenDiagnostics.FencedWritesInstrumentName)).Should().Be(1);
        (await fleet[1].SendAsync("get 0"))["hash"]!.GetValue<string>().Should().Be(Hash(newer), "Redis kept the newer token");
        _emulator.RequestCount(TokenPath).Should().Be(2);
    }

    [Fact]
    public async Task SixteenProcessesSeeARejectionOfOneTokenAtOnce_OneRefresh()
    {
        var fleet = await StartAsync(16, apps: 1);
        var first = await Task.WhenAll(fleet.Select(p => p.SendAsync("get 0")));
        first.Select(r => r["hash"]!.GetValue<string>()).Distinct().Should().ContainSingle();
        _emulator.RotateWechatToken(FleetApps.AppId(0)); // another holder rotated it: WeChat now answers 40001 for the old one
        _emulator.ResetCounters();

        var at = FleetProcess.At(TimeSpan.FromSeconds(1));
        var replies = await Task.WhenAll(fleet.Select(p => p.SendAsync("reject-at " + at + " 0")));

        _emulator.RequestCount(GenAuthPath).Should().Be(1, "16 instances that saw 40001 at the same moment make one refresh");
        replies.Select(r => r["hash"]!.GetValue<string>()).Distinct().Should().ContainSingle()
            .Which.Should().Be(Hash(_emulator.CurrentWechatToken(FleetApps.AppId(0))!));
        var notices = await fleet[0].SendAsync("notices");
        notices["notices"]!.GetValue<long>().Should().BePositive("the other instances' rejections reached this one through the feed");
    }

    [Fact]
    public async Task RedisRestartedWithAllDataLost_OneFetchPerAppToRecover_AndWarmProcessesKeepServing()
    {
        var warm = await StartAsync(2, apps: 20);
        await Task.WhenAll(warm.Select(p => p.SendAsync("race " + FleetProcess.At(TimeSpan.Zero))));
        _emulator.RequestCount(GenAuthPath).Should().Be(20);

        await _redis.RestartAsync();
        _emulator.ResetCounters();
        var served = await Task.WhenAll(warm.Select(p => p.SendAsync("load 500 100")));
        served.Should().OnlyContain(r => r["failures"]!.GetValue<int>() == 0, "the in-process caches keep serving");
        var cold = await StartAsync(3, apps: 20);
        await TierHarness.WaitUntilAsync(() => cold.All(p => p.SendAsync("ping").Result["redis"]!.GetValue<bool>()), "the new processes see Redis");
        await Task.WhenAll(cold.Select(p => p.SendAsync("race " + FleetProcess.At(TimeSpan.FromSeconds(0.5)))));

        _emulator.RequestCount(GenAuthPath).Should().Be(20, "one fetch per app refills the emptied Redis for the whole fleet");
    }

    [Fact]
    public async Task RedisPaused_CallersAreServedFromTheInProcessCacheAndTheSource_WhileItIsStillPaused()
    {
        var fleet = await StartAsync(2, apps: 30, "--operation-timeout-ms", "1000");
        await Task.WhenAll(fleet.Select(p => p.SendAsync("race " + FleetProcess.At(TimeSpan.Zero))));
        _redis.Pause();
        try
        {
            var warm = await Task.WhenAll(fleet.Select(p => p.SendAsync("load 1000 100", TimeSpan.FromSeconds(20))));
            var cold = await StartAsync(1, apps: 30, "--operation-timeout-ms", "1000");
            var coldRace = await cold[0].SendAsync("race " + FleetProcess.At(TimeSpan.Zero), TimeSpan.FromSeconds(30));

            warm.Should().OnlyContain(r => r["failures"]!.GetValue<int>() == 0 && r["calls"]!.GetValue<int>() >= 30);
            coldRace["hashes"]!.AsArray().Should().HaveCount(30, "a cold instance is served by the source while Redis hangs");
            (await cold[0].CounterAsync(RedisWechatTokenDiagnostics.BypassesInstrumentName)).Should().BeGreaterThanOrEqualTo(30);
        }
        finally
        {
            _redis.Resume();
        }
    }

    private async Task<(int Solo, int Fleet)> SoloUpstreamCallsAsync(FleetProcess solo, FleetProcess[] fleet, TimeSpan duration)
    {
        _emulator.ResetCounters();
        var load = $"load {(int)duration.TotalMilliseconds} 200";
        var all = fleet.Prepend(solo).Select(p => p.SendAsync(load, duration + TimeSpan.FromSeconds(60))).ToArray();
        var replies = await Task.WhenAll(all);
        replies.Should().OnlyContain(r => r["failures"]!.GetValue<int>() == 0);
        var requests = _emulator.Requests.Where(r => r.Path == GenAuthPath).ToArray();

        // Both groups ask for apps 0-9; the emulator tells their requests apart only by time, so count by group through metrics.
        var soloFetches = (int)await solo.CounterAsync(RedisWechatTokenDiagnostics.FetchesInstrumentName);
        var fleetFetches = 0;
        foreach (var process in fleet)
        {
            fleetFetches += (int)await process.CounterAsync(RedisWechatTokenDiagnostics.FetchesInstrumentName);
        }

        (soloFetches + fleetFetches).Should().Be(requests.Length, "every upstream request the emulator saw was one of these fetches");
        return (soloFetches, fleetFetches);
    }

    private async Task<FleetProcess[]> StartAsync(int count, int apps, params string[] extra)
    {
        var started = await FleetProcess.StartManyAsync(count, _emulator, _redis, apps, extra);
        _processes.AddRange(started);
        return started;
    }

    private static string Hash(string token) => WechatTokenRejection.HashOf(new WechatAccessToken(token, DateTimeOffset.UtcNow.AddHours(1)));
}
