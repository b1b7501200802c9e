using System.Text;
using GenAuth.Hexagonal.Adapters.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>Instances share each app's token through Redis: one source fetch for the fleet, readable only by the app's owners.</summary>
public sealed partial class RedisWechatTokenProviderTests : IAsyncLifetime
{
    private TierHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await TierHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GetAccessTokenAsync_ColdInstancesRacing_OneSourceFetchPerApp()
    {
        var source = TestSupport.SlowSource(TimeSpan.FromMilliseconds(50));
        var instances = new List<TierHarness.Instance>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add(await _harness.AddInstanceAsync(source));
        }

        var apps = Enumerable.Range(0, 20).Select(i => TestSupport.App(i)).ToArray();

        var results = await Task.WhenAll(instances.SelectMany(instance => apps.Select(async app =>
            (app.AppId, Token: await instance.Tier.GetAccessTokenAsync(app)))));

        source.CallCount.Should().Be(apps.Length, "one lease holder per app fetches for the whole fleet");
        results.GroupBy(r => r.AppId).Should().OnlyContain(g => g.Select(r => r.Token.Value).Distinct().Count() == 1,
            "every instance serves the one token of each app");
    }

    [Fact]
    public async Task GetAccessTokenAsync_AnotherInstanceWithSkewedClock_ServesTheTokenWithItsRemainingLifetimeFromPttl()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var writer = await _harness.AddInstanceAsync(source);
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(3)); // this instance's clock is 3 hours ahead
        var reader = await _harness.AddInstanceAsync(source, timeProvider: skewed);
        using var hits = reader.Collect(RedisWechatTokenDiagnostics.HitsInstrumentName);
        var app = TestSupport.App(1);

        var written = await writer.Tier.GetAccessTokenAsync(app);
        var read = await reader.Tier.GetAccessTokenAsync(app);

        read.Value.Should().Be(written.Value);
        source.CallCount.Should().Be(1);
        hits.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        var remaining = read.ExpiresAt - skewed.GetUtcNow();
        remaining.Should().BeGreaterThan(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(30)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(2),
            "the remaining lifetime comes from the key's PTTL, not from the writer's clock");
    }

    [Fact]
    public async Task Redis_HoldsTheTokenEncrypted_UnderOneHashTagPerApp_WithTheTokensExpiry()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var instance = await _harness.AddInstanceAsync(source);
        var app = TestSupport.App(2);
        var token = await instance.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();

        var server = admin.Multiplexer.GetServer(_harness.Server.EndPoint);
        var keys = server.Keys(pattern: _harness.Prefix + "*").Select(k => k.ToString()).ToArray();
        keys.Should().Contain(TestSupport.ValueKey(_harness.Prefix, app).ToString());
        keys.Should().OnlyContain(k => k.Contains("{" + app.AppId + "}", StringComparison.Ordinal), "all keys of an app share its Cluster hash tag");
        var fields = await admin.HashGetAllAsync(TestSupport.ValueKey(_harness.Prefix, app));
        fields.Select(f => f.Name.ToString()).Should().BeEquivalentTo(["v", "g", "f", "h", "e", "t", "c"]);
        foreach (var key in keys)
        {
            key.Should().NotContain(token.Value).And.NotContain(app.AppSecret);
        }

        var everything = fields.SelectMany(f => ((byte[])f.Value!).Concat((byte[])f.Name!)).ToArray();
        Encoding.Latin1.GetString(everything).Should().NotContain(token.Value[3..20], "the token is sealed with AES-GCM")
            .And.NotContain(app.AppSecret);
        fields.Single(f => f.Name == "h").Value.ToString().Should().Be(WechatTokenRejection.HashOf(token));
        var pttl = await admin.ExecuteAsync("PTTL", TestSupport.ValueKey(_harness.Prefix, app));
        ((long)pttl).Should().BeInRange((long)TimeSpan.FromHours(2).TotalMilliseconds - 30_000, (long)TimeSpan.FromHours(2).TotalMilliseconds,
            "Redis expires the value with the token");
    }

    [Fact]
    public async Task SourceKinds_NeverShareAKey()
    {
        var genAuth = TestSupport.SlowSource(TimeSpan.Zero);
        var stable = TestSupport.SlowSource(TimeSpan.Zero, label: "stable");
        var a = await _harness.AddInstanceAsync(genAuth, RedisWechatTokenDefaults.GenAuthSourceKind);
        var b = await _harness.AddInstanceAsync(stable, RedisWechatTokenDefaults.WechatStableTokenSourceKind);
        var app = TestSupport.App(3);

        var first = await a.Tier.GetAccessTokenAsync(app);
        var second = await b.Tier.GetAccessTokenAsync(app);

        genAuth.CallCount.Should().Be(1);
        stable.CallCount.Should().Be(1, "a stable_token instance never serves GenAuth's token, nor the other way round");
        second.Value.Should().NotBe(first.Value);
    }

    [Theory]
    [InlineData("c")]
    [InlineData("e")]
    [InlineData("g")]
    [InlineData("h")]
    public async Task GetAccessTokenAsync_TamperedValue_IsAMissAndNeverServed(string field)
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var writer = await _harness.AddInstanceAsync(source);
        var reader = await _harness.AddInstanceAsync(source);
        using var misses = reader.Collect(RedisWechatTokenDiagnostics.MissesInstrumentName);
        var app = TestSupport.App(4);
        var original = await writer.Tier.GetAccessTokenAsync(app);
        var admin = await _harness.AdminAsync();
        var key = TestSupport.ValueKey(_harness.Prefix, app);
        var value = (byte[])(await admin.HashGetAsync(key, field))!;
        value[^1] ^= 0x01; // one bit
        await admin.HashSetAsync(key, field, value);

        var served = await reader.Tier.GetAccessTokenAsync(app);

        served.Value.Should().NotBe(original.Value, "a value that fails authentication is never served");
        source.CallCount.Should().Be(2, "the tampered value is replaced by a fresh fetch");
        misses.GetMeasurementSnapshot().Should().Contain(m => Equals(m.Tags[RedisWechatTokenDiagnostics.MissReasonTagName], "tampered"));
        reader.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1303);
        (await writer.Tier.GetAccessTokenAsync(app)).Value.Should().Be(served.Value, "the replacement is shared again");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ValueWrittenUnderAnotherSecret_IsAMissAndNeverServed()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var oldSecret = await _harness.AddInstanceAsync(source);
        var newSecret = await _harness.AddInstanceAsync(source);
        using var misses = newSecret.Collect(RedisWechatTokenDiagnostics.MissesInstrumentName);
        var before = TestSupport.App(5);
        var rotated = TestSupport.App(5, secretSuffix: "-rotated");

        var old = await oldSecret.Tier.GetAccessTokenAsync(before);
        var fresh = await newSecret.Tier.GetAccessTokenAsync(rotated);

        fresh.Value.Should().NotBe(old.Value, "a caller with another secret never receives the stored token");
        source.CallCount.Should().Be(2);
        source.Calls[1].Should().Be(rotated);
        misses.GetMeasurementSnapshot().Should().Contain(m => Equals(m.Tags[RedisWechatTokenDiagnostics.MissReasonTagName], "foreign"));
        newSecret.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1302);
        (await newSecret.Tier.GetAccessTokenAsync(rotated)).Value.Should().Be(fresh.Value);
        source.CallCount.Should().Be(2, "the rotated secret's token is shared from then on");
    }

    [Fact]
    public async Task Logs_NeverHoldASecretATokenOrAKey()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var a = await _harness.AddInstanceAsync(source);
        var b = await _harness.AddInstanceAsync(source);
        var app = TestSupport.App(6);
        var token = await a.Tier.GetAccessTokenAsync(app);
        await b.Tier.InvalidateAsync(app, token);
        await b.Tier.GetAccessTokenAsync(TestSupport.App(6, "-other"));

        foreach (var record in a.Logs.GetSnapshot().Concat(b.Logs.GetSnapshot()))
        {
            var text = record.Message + " " + string.Join(' ', record.StructuredState?.Select(s => s.Value) ?? []);
            text.Should().NotContain(token.Value).And.NotContain(app.AppSecret).And.NotContain(_harness.Prefix + ":{");
        }

        b.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1309, "the invalidation was logged (redacted)");
    }
}
