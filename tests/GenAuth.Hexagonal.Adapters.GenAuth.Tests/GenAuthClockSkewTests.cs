using System.Net;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>
/// GenAuth's <c>expiresAt</c> is on GenAuth's clock (issue 11, finding 4): the expiry is corrected by the answer's <c>Date</c>,
/// only ever shortened: <c>receipt + min(expiresAt − Date, expiresAt − receipt)</c>.
/// </summary>
public class GenAuthClockSkewTests
{
    private static readonly WechatAppCredentials App = new(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);

    [Fact]
    public async Task GetAccessTokenAsync_EmulatorDateTenMinutesAheadOfTheLocalClock_ServedLifetimeShortenedByTenMinutes()
    {
        // The emulator runs on the real clock (its Date header and expiresAt); this server's clock is 10 minutes behind.
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var local = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        await using var services = Build(emulator, local);
        var tokens = services.GetRequiredService<IWechatAppTokenProvider>();

        var token = await tokens.GetAccessTokenAsync("mini");
        var again = await tokens.GetAccessTokenAsync("mini");

        // Uncorrected, expiresAt would read 2 h 10 min ahead of this clock; corrected, it is GenAuth's 2 hours. The Date
        // header has whole seconds, hence the 2-second band.
        var lifetime = token.ExpiresAt - local.GetUtcNow();
        lifetime.Should().BeGreaterThan(TimeSpan.FromSeconds(7198)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(7201));
        again.Should().Be(token, "the cache serves the corrected token");
        emulator.RequestCount(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_EmulatorDateBehindTheLocalClock_ExpiryNeverLengthened()
    {
        // This server's clock is 10 minutes ahead: GenAuth's expiresAt is used as it is (2 h on GenAuth's clock, 1 h 50 min here).
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var local = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));
        await using var services = Build(emulator, local);

        var token = await services.GetRequiredService<IWechatAppTokenProvider>().GetAccessTokenAsync("mini");

        var lifetime = token.ExpiresAt - local.GetUtcNow();
        lifetime.Should().BeGreaterThan(TimeSpan.FromSeconds(6598)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(6601));
    }

    [Theory]
    [InlineData(600, 6600)]
    [InlineData(1, 7199)]
    [InlineData(0, 7200)]
    [InlineData(-600, 7200)]
    [InlineData(7199, 1)]
    public async Task GetAccessTokenAsync_DateHeader_ExpiryIsReceiptPlusTheSmallerOfBothLifetimes(int dateAheadSeconds, int expectedLifetimeSeconds)
    {
        await using var host = GenAuthTestHost.Create();
        var now = host.Time.GetUtcNow();
        host.Stub.Enqueue((_, _) =>
        {
            var response = StubHttpMessageHandler.Response(HttpStatusCode.OK, TestData.TokenBody(now: now));
            response.Headers.Date = now.AddSeconds(dateAheadSeconds);
            return Task.FromResult(response);
        });

        var token = await host.GetAsync();

        token.ExpiresAt.Should().Be(now.AddSeconds(expectedLifetimeSeconds));
        host.Logs.GetSnapshot().Should().NotContain(r => r.Id.Id == 1009, "the answer had a Date header");
    }

    [Fact]
    public async Task GetAccessTokenAsync_NoDateHeader_ExpiresAtUsedAsItIsAndOneWarningForManyFetches()
    {
        await using var host = GenAuthTestHost.Create();
        var now = host.Time.GetUtcNow();
        host.Stub.Default = (_, _) => Task.FromResult(StubHttpMessageHandler.Response(HttpStatusCode.OK, TestData.TokenBody(now: now)));

        for (var i = 0; i < 3; i++)
        {
            (await host.GetAsync()).ExpiresAt.Should().Be(now.AddSeconds(7200));
        }

        var warning = host.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1009, "said once, not per fetch").Which;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain("no Date header").And.Contain(GenAuthDefaults.WeixinAccessTokenEndpoint);
    }

    [Theory]
    [InlineData(7200)]
    [InlineData(86_400)]
    public async Task GetAccessTokenAsync_DateAtOrAfterExpiresAt_InvalidResponseNothingServed(int dateAheadSeconds)
    {
        await using var host = GenAuthTestHost.Create();
        var now = host.Time.GetUtcNow();
        host.Stub.Enqueue((_, _) =>
        {
            var response = StubHttpMessageHandler.Response(HttpStatusCode.OK, TestData.TokenBody(now: now));
            response.Headers.Date = now.AddSeconds(dateAheadSeconds);
            return Task.FromResult(response);
        });

        var failure = await host.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Contain("Date header").And.Contain("expired");
    }

    private static ServiceProvider Build(WechatTokenEmulator emulator, TimeProvider local)
    {
        var services = new ServiceCollection();
        services.AddSingleton(local);
        services.AddWechatTokenProvider()
            .UseGenAuth(o =>
            {
                o.Host = emulator.BaseAddress.ToString();
                o.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
                o.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            })
            .AddApp("mini", a =>
            {
                a.AppId = App.AppId;
                a.AppSecret = App.AppSecret;
            })
            .AddCaching();
        return services.BuildServiceProvider();
    }
}
