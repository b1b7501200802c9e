using GenAuth.Hexagonal.Adapters.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>The lease follows the source's own fetch budget (<see cref="IWechatTokenSourceInfo"/>) unless one is configured.</summary>
public sealed partial class RedisWechatTokenProviderTests
{
    [Fact]
    public async Task Lease_NoFetchBudgetConfigured_IsTwiceTheSourcesBudgetAndFollowsItsChanges()
    {
        var fake = TestSupport.SlowSource(TimeSpan.Zero);
        var source = new DescribedSource(fake) { Budget = TimeSpan.FromSeconds(3) };
        var instance = await _harness.AddInstanceAsync(source, configure: o => o.FetchBudget = null);
        var admin = await _harness.AdminAsync();

        var first = await LeaseWhileFetchingAsync(instance, fake, admin, TestSupport.App(40));
        source.Budget = TimeSpan.FromSeconds(20); // e.g. GenAuth:TotalTimeout reloaded
        var second = await LeaseWhileFetchingAsync(instance, fake, admin, TestSupport.App(41));

        first.Should().BeGreaterThan(TimeSpan.FromSeconds(4)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(6), "twice the source's 3 s");
        second.Should().BeGreaterThan(TimeSpan.FromSeconds(30)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(40), "twice the reloaded 20 s");
    }

    [Fact]
    public async Task Lease_FetchBudgetConfigured_WinsOverTheSources()
    {
        var fake = TestSupport.SlowSource(TimeSpan.Zero);
        var source = new DescribedSource(fake) { Budget = TimeSpan.FromSeconds(20) };
        var instance = await _harness.AddInstanceAsync(source, configure: o => o.FetchBudget = TimeSpan.FromSeconds(2));
        var admin = await _harness.AdminAsync();

        var lease = await LeaseWhileFetchingAsync(instance, fake, admin, TestSupport.App(42));

        lease.Should().BeGreaterThan(TimeSpan.FromSeconds(2)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(4));
    }

    private async Task<TimeSpan> LeaseWhileFetchingAsync(
        TierHarness.Instance instance, FakeWechatTokenProvider fake, StackExchange.Redis.IDatabase admin, WechatAppCredentials app)
    {
        var leaseKey = TestSupport.ValueKey(_harness.Prefix, app).ToString().Replace(":token", ":lease", StringComparison.Ordinal);
        Task<WechatAccessToken> fetch;
        TimeSpan? lease;
        using (fake.HoldFetches())
        {
            fetch = instance.Tier.GetAccessTokenAsync(app).AsTask();
            await TierHarness.WaitUntilAsync(() => fake.WaitingCount == 1, "the holder is fetching");
            lease = await admin.KeyTimeToLiveAsync(leaseKey);
        }

        await fetch;
        lease.Should().NotBeNull("the holder holds the app's lease while it fetches");
        return lease!.Value;
    }

    private sealed class DescribedSource(IWechatTokenProvider inner) : IWechatTokenProvider, IWechatTokenSourceInfo
    {
        public TimeSpan Budget { get; set; }

        public string TokenKind => RedisWechatTokenDefaults.GenAuthSourceKind;

        public TimeSpan FetchBudget => Budget;

        public bool RotatesOnFetch => false;

        public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default) =>
            inner.GetAccessTokenAsync(credentials, cancellationToken);
    }
}
