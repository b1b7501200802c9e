using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class WechatTokenCacheHealthCheckTests
{
    private static readonly WechatTokenException Down =
        new("down", WechatTokenSource.Wechat, WechatTokenErrorKind.Network, isTransient: true);

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
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Down));
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await Eventually.True(() => f.Provider.GetHealthSnapshot().StaleAppIds.Count == 1, "the refresh failed");

        var hidden = await new WechatTokenCacheHealthCheck(f.Provider).CheckHealthAsync(new HealthCheckContext());
        var listed = await new WechatTokenCacheHealthCheck(f.Provider, includeAppIds: true).CheckHealthAsync(new HealthCheckContext());

        hidden.Status.Should().Be(HealthStatus.Degraded);
        hidden.Description.Should().NotContain(f.Credentials.AppId);
        listed.Status.Should().Be(HealthStatus.Degraded);
        listed.Description.Should().Contain(f.Credentials.AppId).And.NotContain(CacheFixture.Secret);
    }

    [Fact]
    public async Task CheckHealthAsync_AppWithoutUsableToken_UsesRegistrationFailureStatus()
    {
        using var f = new CacheFixture();
        f.Source.EnqueueFailure(Down);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();
        var check = new WechatTokenCacheHealthCheck(f.Provider);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("x", check, HealthStatus.Degraded, null) };

        (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Unhealthy);
        (await check.CheckHealthAsync(context)).Status.Should().Be(HealthStatus.Degraded);

        await f.Provider.GetAccessTokenAsync(f.Credentials);
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
    }
}
