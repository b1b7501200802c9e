using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>
/// A get-management-token outage over real loopback HTTP against the emulator (issue 11, finding 9): concurrent callers make one
/// request per backoff step, and the held management token is sent until it is no longer usable.
/// </summary>
public partial class GenAuthManagementTokenCacheTests
{
    private const string ManagementTokenPath = "/api/v3/get-management-token";
    private const string TokenPath = "/api/v3/get-weixin-access-token";
    private const int Callers = 20;

    [Fact]
    public async Task GetAsync_ManagementTokenOutage_TwentyConcurrentCallers_OneRequestPerBackoffStepAndTheHeldTokenServedUntilItExpires()
    {
        // One clock for the emulator (token and management-token expiry) and the client (refresh moments, backoff).
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.OutputSink = null);
        services.AddSingleton<TimeProvider>(clock);
        services.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Host = emulator.BaseAddress.ToString();
            o.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
            o.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            o.Auth = GenAuthAuthentication.ManagementToken;
            o.MaxRetryAttempts = 0; // one request per refresh, so requests count refreshes
        });
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<IWechatTokenProvider>();
        var logs = provider.GetFakeLogCollector();
        var app = new WechatAppCredentials(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);
        var start = clock.GetUtcNow();

        await tokens.GetAccessTokenAsync(app);
        var held = BearerOfLastTokenRequest(emulator);
        emulator.RequestCount(ManagementTokenPath).Should().Be(1);

        // get-management-token answers 503 from now on.
        emulator.InjectFault(EmulatorFault.HttpStatus(503, "<html>busy</html>"), times: 10_000, pathPrefix: ManagementTokenPath);
        int FailedRefreshesLogged() => logs.GetSnapshot().Count(r => r.Id.Id is 1005 or 1007);

        // Refresh window (5 minutes before expiry): 20 callers get the held token at once; one refresh runs in the background.
        clock.SetUtcNow(start + TimeSpan.FromSeconds(7200 - 300));
        await AllSucceedWithAsync(tokens, app, emulator, held);
        await Eventually.HoldsAsync(() => FailedRefreshesLogged() == 1, "the background refresh failed");
        emulator.RequestCount(ManagementTokenPath).Should().Be(2, "20 concurrent callers, one refresh");

        // Backoff steps 1, 2, 4, 8 s: nothing just before a step, exactly one request at it, the held token all along.
        for (var failures = 1; failures <= 4; failures++)
        {
            var step = GenAuthManagementTokenCache.Backoff(failures);
            var before = emulator.RequestCount(ManagementTokenPath);
            clock.Advance(step - TimeSpan.FromMilliseconds(1));
            await AllSucceedWithAsync(tokens, app, emulator, held);
            emulator.RequestCount(ManagementTokenPath).Should().Be(before, $"no refresh before the {step.TotalSeconds} s backoff has passed");

            clock.Advance(TimeSpan.FromMilliseconds(1));
            await AllSucceedWithAsync(tokens, app, emulator, held);
            await Eventually.HoldsAsync(() => FailedRefreshesLogged() == failures + 1, "the refresh at the backoff step failed");
            emulator.RequestCount(ManagementTokenPath).Should().Be(before + 1, "one request per backoff step, whatever the number of callers");
        }

        // 30 s before expiry the held token is no longer sent: 20 waiting callers share one refresh and its error.
        var before7170 = emulator.RequestCount(ManagementTokenPath);
        clock.SetUtcNow(start + TimeSpan.FromSeconds(7200 - 30));
        var failures20 = await AllFailAsync(tokens, app);
        failures20.Should().OnlyContain(f => f.Kind == WechatTokenErrorKind.HttpError && f.HttpStatusCode == 503 && f.IsTransient);
        emulator.RequestCount(ManagementTokenPath).Should().Be(before7170 + 1, "20 callers without a usable token wait for one shared refresh");
        emulator.RequestCount(TokenPath).Should().Be(1 + (Callers * 9), "no token request went out without a usable management token");

        // Until the next backoff step the error stands, with no request.
        (await AllFailAsync(tokens, app)).Should().OnlyContain(f => f.HttpStatusCode == 503);
        emulator.RequestCount(ManagementTokenPath).Should().Be(before7170 + 1);

        // GenAuth is back: at the next step, one request, and everybody gets the new management token.
        emulator.ClearFaults();
        clock.Advance(GenAuthManagementTokenCache.MaxRetryDelay);
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => tokens.GetAccessTokenAsync(app).AsTask()));
        emulator.RequestCount(ManagementTokenPath).Should().Be(before7170 + 2);
        var renewed = BearerOfLastTokenRequest(emulator);
        renewed.Should().NotBe(held);
        emulator.Requests.Where(r => r.Path == TokenPath).TakeLast(Callers).Should().OnlyContain(r => r.Headers["authorization"] == renewed);
    }

    private static async Task AllSucceedWithAsync(IWechatTokenProvider tokens, WechatAppCredentials app, WechatTokenEmulator emulator, string bearer)
    {
        var before = emulator.RequestCount(TokenPath);
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => tokens.GetAccessTokenAsync(app).AsTask()));
        emulator.RequestCount(TokenPath).Should().Be(before + Callers);
        emulator.Requests.Where(r => r.Path == TokenPath).TakeLast(Callers).Should()
            .OnlyContain(r => r.Headers["authorization"] == bearer, "the held management token is sent while it is usable");
    }

    private static async Task<WechatTokenException[]> AllFailAsync(IWechatTokenProvider tokens, WechatAppCredentials app) =>
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            var act = async () => await tokens.GetAccessTokenAsync(app);
            return (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        }));

    private static string BearerOfLastTokenRequest(WechatTokenEmulator emulator) =>
        emulator.Requests.Last(r => r.Path == TokenPath).Headers["authorization"];
}
