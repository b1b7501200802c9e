using GenAuth.Hexagonal.Adapters.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class CachingBuilderExtensionsTests
{
    private static readonly WechatAppCredentials App = new("wx00000000000000b2", "fake-app-secret-for-tests-0002");

    [Fact]
    public async Task AddCaching_WithSource_DecoratesItAndInvalidatorIsTheSameCache()
    {
        var fake = new FakeWechatTokenProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddWechatTokenProvider().UseProvider("Fake", fake).AddCaching();
        await using var sp = services.BuildServiceProvider();

        var provider = sp.GetRequiredService<IWechatTokenProvider>();
        provider.Should().BeOfType<CachingWechatTokenProvider>().Which.SourceName.Should().Be("Fake");
        sp.GetRequiredService<IWechatTokenInvalidator>().Should().BeSameAs(provider);

        var token = await provider.GetAccessTokenAsync(App);
        await provider.GetAccessTokenAsync(App);
        fake.CallCount.Should().Be(1);
        await sp.GetRequiredService<IWechatTokenInvalidator>().InvalidateAsync(App, token);
        await provider.GetAccessTokenAsync(App);
        fake.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task AddCaching_CalledTwice_OneDecoratorAndOneHealthCheck()
    {
        var fake = new FakeWechatTokenProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddWechatTokenProvider().UseProvider("Fake", fake).AddCaching().AddCaching(o => o.SizeLimit = 5);
        services.AddWechatTokenProvider().AddCaching();
        await using var sp = services.BuildServiceProvider();

        var provider = sp.GetRequiredService<IWechatTokenProvider>();
        await provider.GetAccessTokenAsync(App);
        await provider.GetAccessTokenAsync(App);
        fake.CallCount.Should().Be(1);
        sp.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Count(r => r.Name == CachingBuilderExtensions.HealthCheckName).Should().Be(1);
        sp.GetRequiredService<IOptions<WechatTokenCachingOptions>>().Value.SizeLimit.Should().Be(5);
    }

    [Fact]
    public void AddCaching_FromConfiguration_BindsOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wechat:Caching:MaxRefreshAhead"] = "00:10:00",
            ["Wechat:Caching:SizeLimit"] = "123",
            ["Wechat:Caching:IncludeAppIdInTelemetry"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", new FakeWechatTokenProvider())
            .AddCaching(configuration.GetSection(WechatTokenProviderDefaults.CachingSectionName));
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<WechatTokenCachingOptions>>().Value;
        options.MaxRefreshAhead.Should().Be(TimeSpan.FromMinutes(10));
        options.SizeLimit.Should().Be(123);
        options.IncludeAppIdInTelemetry.Should().BeTrue();
    }

    [Fact]
    public void AddCaching_InvalidOptions_FailAtStartUpNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", new FakeWechatTokenProvider())
            .AddCaching(o => o.RefreshRetryMaxDelay = TimeSpan.FromMilliseconds(1));
        using var sp = services.BuildServiceProvider();

        var act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Wechat:Caching:RefreshRetryMaxDelay*");
    }

    [Fact]
    public async Task AddCaching_HealthCheck_ReportsTheCacheState()
    {
        var fake = new FakeWechatTokenProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddWechatTokenProvider().UseProvider("Fake", fake).AddCaching();
        await using var sp = services.BuildServiceProvider();
        var health = sp.GetRequiredService<HealthCheckService>();

        (await health.CheckHealthAsync()).Status.Should().Be(HealthStatus.Healthy);
        fake.EnqueueFailure(new WechatTokenException("down", WechatTokenSource.GenAuth, WechatTokenErrorKind.Network, true));
        await sp.GetRequiredService<IWechatTokenProvider>().Invoking(p => p.GetAccessTokenAsync(App).AsTask())
            .Should().ThrowAsync<WechatTokenException>();

        // App is not a configured app (no Wechat:Apps entry): its failure makes the cache Degraded, never Unhealthy.
        var report = await health.CheckHealthAsync();
        report.Status.Should().Be(HealthStatus.Degraded);
        report.Entries[CachingBuilderExtensions.HealthCheckName].Description.Should().Contain("1 app(s) with credentials that are not configured");

        await sp.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App);
        (await health.CheckHealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task AddCaching_HealthCheck_ConfiguredAppWithoutToken_IsUnhealthyUntilItGetsOne()
    {
        var fake = new FakeWechatTokenProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddWechatTokenProvider().UseProvider("Fake", fake).AddCaching()
            .AddApp("mini", a => { a.AppId = App.AppId; a.AppSecret = App.AppSecret; });
        await using var sp = services.BuildServiceProvider();
        var health = sp.GetRequiredService<HealthCheckService>();
        var tokens = sp.GetRequiredService<IWechatAppTokenProvider>();

        fake.EnqueueFailure(new WechatTokenException("down", WechatTokenSource.GenAuth, WechatTokenErrorKind.Network, true));
        await tokens.Invoking(p => p.GetAccessTokenAsync("mini").AsTask()).Should().ThrowAsync<WechatTokenException>();

        (await health.CheckHealthAsync()).Status.Should().Be(HealthStatus.Unhealthy, "a configured app has no usable token");
        await tokens.GetAccessTokenAsync("mini");
        (await health.CheckHealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task AddCaching_DisposingTheContainer_DisposesTheCache()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", new FakeWechatTokenProvider()).AddCaching();
        var sp = services.BuildServiceProvider();
        var provider = sp.GetRequiredService<IWechatTokenProvider>();

        sp.Dispose(); // synchronous disposal works too: the cache is IDisposable as well as IAsyncDisposable

        await provider.Invoking(p => p.GetAccessTokenAsync(App).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
    }
}
