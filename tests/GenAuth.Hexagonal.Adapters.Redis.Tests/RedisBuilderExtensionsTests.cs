using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>
/// <c>AddRedis()</c> on the builder, as an application registers it: each container is one instance (cache above the Redis tier
/// above the source), on one real redis-server.
/// </summary>
public sealed class RedisBuilderExtensionsTests : IAsyncLifetime
{
    private TierHarness _harness = null!;
    private readonly List<ServiceProvider> _containers = [];

    public async Task InitializeAsync() => _harness = await TierHarness.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task AddRedis_TwoInstancesWithCaching_OneSourceFetchAndARejectionInOneReachesTheOther()
    {
        var source = TestSupport.SlowSource(TimeSpan.FromMilliseconds(20));
        var first = await InstanceAsync(source);
        var second = await InstanceAsync(source);
        var app = TestSupport.App(7);
        var tokensA = first.GetRequiredService<IWechatTokenProvider>();
        var tokensB = second.GetRequiredService<IWechatTokenProvider>();

        tokensA.Should().BeOfType<CachingWechatTokenProvider>("the cache sits nearest the caller whatever the order of the calls");
        var a = await tokensA.GetAccessTokenAsync(app);
        var b = await tokensB.GetAccessTokenAsync(app);
        b.Value.Should().Be(a.Value);
        source.CallCount.Should().Be(1, "the second instance reads the first one's token from Redis");

        // WeChat rejects the token on the first instance: its cache drops it and tells the tier, which tells the fleet.
        await first.GetRequiredService<IWechatTokenInvalidator>().InvalidateAsync(app, a);
        var renewed = await tokensA.GetAccessTokenAsync(app);
        renewed.Value.Should().NotBe(a.Value);
        await TierHarness.WaitUntilAsync(
            () => tokensB.GetAccessTokenAsync(app).AsTask().Result.Value == renewed.Value,
            "the second instance dropped the rejected token from its own cache and took the new one from Redis");
        source.CallCount.Should().Be(2, "one refresh for the fleet");
    }

    [Fact]
    public async Task AddRedis_RegistersOneHealthCheckReportingTheTier()
    {
        var container = await InstanceAsync(TestSupport.SlowSource(TimeSpan.Zero));
        await container.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(TestSupport.App(1));

        var report = await container.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries.Should().ContainKey(RedisWechatTokenDefaults.HealthCheckName)
            .WhoseValue.Status.Should().Be(HealthStatus.Healthy);
        report.Entries[RedisWechatTokenDefaults.HealthCheckName].Data["redisAvailable"].Should().Be(true);
    }

    [Fact]
    public void AddRedis_NoConnectionRegistered_FailsAtFirstUseSayingWhatToRegister()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", TestSupport.SlowSource(TimeSpan.Zero)).AddRedis().AddCaching();
        using var container = services.BuildServiceProvider();

        var act = () => container.GetRequiredService<IWechatTokenProvider>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*IConnectionMultiplexer*AddRedis(connectionString)*");
    }

    [Fact]
    public async Task AddRedis_WithAConnectionString_ConnectsByItself()
    {
        var source = TestSupport.SlowSource(TimeSpan.Zero);
        var services = new ServiceCollection().AddLogging();
        services.AddWechatTokenProvider().UseProvider("Fake", source)
            .AddRedis(_harness.Server.EndPoint, o => Configure(o))
            .AddCaching();
        var container = services.BuildServiceProvider();
        _containers.Add(container);
        var other = await InstanceAsync(source);
        var app = TestSupport.App(3);

        await TierHarness.WaitUntilAsync(
            () => container.GetRequiredService<HealthCheckService>().CheckHealthAsync().Result.Status == HealthStatus.Healthy
                  && container.GetRequiredService<IWechatTokenProvider>() is not null,
            "the tier connected");
        var token = await container.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(app);
        var fromOther = await other.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(app);

        fromOther.Value.Should().Be(token.Value);
        source.CallCount.Should().Be(1);
    }

    [Fact]
    public void AddRedis_OptionsInvalid_FailsAtStartUpNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", TestSupport.SlowSource(TimeSpan.Zero))
            .AddRedis(o => o.OperationTimeout = TimeSpan.Zero);
        using var container = services.BuildServiceProvider();

        var act = () => container.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Wechat:Redis:OperationTimeout*");
    }

    private async Task<ServiceProvider> InstanceAsync(IWechatTokenProvider source)
    {
        var connection = await _harness.Server.ConnectAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddWechatTokenProvider()
            .AddCaching()                 // before the tier: the builder composes cache -> tier -> source anyway
            .AddRedis(o => Configure(o))
            .UseProvider("Fake", source);
        var container = services.BuildServiceProvider();
        _containers.Add(container);
        container.GetRequiredService<IStartupValidator>().Validate();
        _ = container.GetRequiredService<IWechatTokenProvider>();
        await TierHarness.WaitUntilAsync(
            () => container.GetRequiredService<HealthCheckService>().CheckHealthAsync().Result
                .Entries[RedisWechatTokenDefaults.HealthCheckName].Data.TryGetValue("noticesSubscribed", out var subscribed) && subscribed is true,
            "the tier subscribed to its notices");
        return container;
    }

    private RedisWechatTokenOptions Configure(RedisWechatTokenOptions options)
    {
        var defaults = _harness.Options();
        options.KeyPrefix = defaults.KeyPrefix;
        options.OperationTimeout = defaults.OperationTimeout;
        options.ProbeInterval = defaults.ProbeInterval;
        options.PollInterval = defaults.PollInterval;
        options.FetchBudget = defaults.FetchBudget;
        return options;
    }
}
