using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class WechatTokenCacheHealthCheckTests
{
    private static readonly WechatTokenException Down =
        new("down", WechatTokenSource.Wechat, WechatTokenErrorKind.Network, isTransient: true);

    private static readonly WechatTokenException WrongSecret =
        new("invalid appsecret", WechatTokenSource.Wechat, WechatTokenErrorKind.UpstreamError, isTransient: false) { WechatErrorCode = 40125 };

    [Fact]
    public async Task CheckHealthAsync_TokensFetchedNormally_Healthy()
    {
        using var f = new CacheFixture();
        await f.Provider.GetAccessTokenAsync(f.Credentials);

        var result = await new WechatTokenCacheHealthCheck(f.Provider).CheckHealthAsync(new HealthCheckContext());

        result.Status.Should().Be(HealthStatus.Healthy);
        result.Data["cachedTokens"].Should().Be(1L);
    }

    [Fact]
    public async Task CheckHealthAsync_StaleTokenServedAfterFailedRefresh_DegradedListingAppOnlyWhenOptedIn()
    {
        using var f = new CacheFixture();
        using var failures = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshFailuresInstrumentName);
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Down));
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await Eventually.True(() => CacheFixture.Total(failures) == 1, "the refresh failed");

        var hidden = await new WechatTokenCacheHealthCheck(f.Provider).CheckHealthAsync(new HealthCheckContext());
        var listed = await f.HealthAsync(includeAppIds: true);

        hidden.Status.Should().Be(HealthStatus.Degraded);
        hidden.Description.Should().NotContain(f.Credentials.AppId);
        hidden.Data["staleApps"].Should().Be(1);
        listed.Status.Should().Be(HealthStatus.Degraded, "a configured app is still served a valid token");
        listed.Description.Should().Contain(f.Credentials.AppId).And.NotContain(CacheFixture.Secret);
    }

    [Fact]
    public async Task CheckHealthAsync_ConfiguredAppWithoutUsableToken_UsesRegistrationFailureStatusUntilAFetchSucceeds()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueFailure(Down);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();
        var check = new WechatTokenCacheHealthCheck(f.Provider, f.Catalog());
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("x", check, HealthStatus.Degraded, null) };

        var result = await check.CheckHealthAsync(new HealthCheckContext());
        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Data["appsWithoutToken"].Should().Be(1);
        (await check.CheckHealthAsync(context)).Status.Should().Be(HealthStatus.Degraded);

        f.Time.Advance(TimeSpan.FromDays(1));
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(
            HealthStatus.Unhealthy, "a configured app without a token stays unhealthy however long nobody asks for it");

        await f.Provider.GetAccessTokenAsync(f.Credentials);
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task CheckHealthAsync_WithoutCatalog_FailureIsDegradedAtMost()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueFailure(Down);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();

        var result = await new WechatTokenCacheHealthCheck(f.Provider).CheckHealthAsync(new HealthCheckContext());

        result.Status.Should().Be(HealthStatus.Degraded, "without a catalog no credentials are known to be configured");
        result.Data["otherCredentialsFailed"].Should().Be(1);
    }

    [Fact]
    public async Task CheckHealthAsync_OneWrongSecretCallThenGoodCalls_NeverUnhealthyAndHealthyOnceAgedOut()
    {
        // The window: a failure of credentials that are not a configured app counts (Degraded) until FailureRetention
        // (5 minutes) after the last call for those credentials.
        using var f = new CacheFixture();
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        var wrong = new WechatAppCredentials(f.Credentials.AppId, "fake-wrong-secret-for-tests-9999");
        f.Source.EnqueueFailure(WrongSecret);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(wrong).AsTask()).Should().ThrowAsync<WechatTokenException>();

        for (var i = 0; i < 1000; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials));
        }

        var during = await f.HealthAsync();
        during.Status.Should().Be(HealthStatus.Degraded, "a wrong secret is not a configured app: never Unhealthy");
        during.Data["appsWithoutToken"].Should().Be(0);
        during.Data["otherCredentialsFailed"].Should().Be(1);

        f.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials));
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Degraded, "the failure is not 5 minutes old yet");

        f.Time.Advance(TimeSpan.FromSeconds(1));
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials));
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy, "the wrong secret's failure aged out");
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task CheckHealthAsync_AdHocCredentialsKeptInUse_FailureCountsFromTheLastUse()
    {
        using var f = new CacheFixture(o => o.FailureRetention = TimeSpan.FromMinutes(2));
        var tenant = CacheFixture.App(42);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Down));
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(tenant).AsTask()).Should().ThrowAsync<WechatTokenException>();

        f.Time.Advance(TimeSpan.FromMinutes(1.5));
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(tenant).AsTask()).Should().ThrowAsync<WechatTokenException>();
        f.Time.Advance(TimeSpan.FromMinutes(1.5));
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Degraded, "last used 1.5 minutes ago");

        f.Time.Advance(TimeSpan.FromMinutes(0.5));
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy, "unused for the 2 minutes of FailureRetention");
    }
}
