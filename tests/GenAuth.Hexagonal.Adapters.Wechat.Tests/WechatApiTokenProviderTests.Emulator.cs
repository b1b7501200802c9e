using System.Diagnostics;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>Over loopback HTTP against the emulator, composed through DI the way users do.</summary>
public partial class WechatApiTokenProviderTests
{
    private static readonly WechatAppCredentials EmulatorApp = EmulatorServices.Credentials;

    [Fact]
    public async Task GetAccessTokenAsync_StableTokenFromTwoInstances_SameTokenAndNeitherIsInvalidated()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var first = EmulatorServices.Build(emulator);
        await using var second = EmulatorServices.Build(emulator);

        var held = await first.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);
        var again = await second.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);

        again.Value.Should().Be(held.Value, "stable_token in normal mode hands every instance the same token");
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, held.Value)).Should().Be(0, "the first instance's token still works");
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(2);
        emulator.RequestCount("/cgi-bin/token").Should().Be(0);
        emulator.Requests.Where(r => r.Path == "/cgi-bin/stable_token")
            .Should().OnlyContain(r => !JsonDocument.Parse(r.Body, default).RootElement.GetProperty("force_refresh").GetBoolean());
    }

    [Fact]
    public async Task GetAccessTokenAsync_StableToken_NeverInvalidatesATokenHeldByAnotherOwner()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var foreign = emulator.RotateWechatToken(WechatTokenEmulator.DefaultAppId); // e.g. GenAuth's copy
        await using var services = EmulatorServices.Build(emulator);

        var stable = await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);

        stable.Value.Should().NotBe(foreign);
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, foreign)).Should().Be(0);
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, stable.Value)).Should().Be(0);
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenEndpointOptIn_RotatesAndTheOldTokenDiesAfterTheOverlap()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        await using var first = EmulatorServices.Build(emulator, WechatApiEndpoint.Token);
        await using var second = EmulatorServices.Build(emulator, WechatApiEndpoint.Token);

        var older = await first.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);
        var newer = await second.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);

        newer.Value.Should().NotBe(older.Value, "GET /cgi-bin/token issues a new token on every call");
        emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId).Should().Be(newer.Value);
        emulator.RequestCount("/cgi-bin/token").Should().Be(2);
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(0);
        clock.Advance(TimeSpan.FromMinutes(6));
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, older.Value)).Should().Be(WechatErrorCodes.InvalidCredential);
        (await EmulatorServices.BusinessApiErrcodeAsync(emulator, newer.Value)).Should().Be(0);
    }

    public static TheoryData<int, bool, WechatApiEndpoint> InjectableErrcodes()
    {
        var data = new TheoryData<int, bool, WechatApiEndpoint>();
        foreach (var endpoint in new[] { WechatApiEndpoint.StableToken, WechatApiEndpoint.Token })
        {
            data.Add(-1, true, endpoint);
            data.Add(40125, false, endpoint);
            data.Add(40164, false, endpoint);
            data.Add(45009, false, endpoint);
            data.Add(45011, true, endpoint);
            data.Add(89503, false, endpoint);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InjectableErrcodes))]
    public async Task GetAccessTokenAsync_EmulatorErrcode_ThrowsClassifiedExceptionWithoutSecret(int errcode, bool transient, WechatApiEndpoint endpoint)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, endpoint);
        emulator.InjectFault(EmulatorFault.WechatError(errcode, "injected error"), times: 5);

        var ex = (await services.GetRequiredService<IWechatTokenProvider>()
            .Invoking(p => p.GetAccessTokenAsync(EmulatorApp).AsTask()).Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Upstream.Should().Be(WechatTokenSource.Wechat);
        ex.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        ex.WechatErrorCode.Should().Be(errcode);
        ex.IsTransient.Should().Be(transient);
        ex.AppId.Should().Be(WechatTokenEmulator.DefaultAppId);
        ex.ToString().Should().NotContain(WechatTokenEmulator.DefaultAppSecret);
        emulator.TotalRequestCount.Should().Be(1, "an errcode is an HTTP 200 answer: never retried at the HTTP level, 45009 least of all");
    }

    [Theory]
    [InlineData(WechatApiEndpoint.StableToken)]
    [InlineData(WechatApiEndpoint.Token)]
    public async Task GetAccessTokenAsync_WrongSecretAndUnknownAppId_AreConfigurationErrors(WechatApiEndpoint endpoint)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, endpoint);
        var provider = services.GetRequiredService<IWechatTokenProvider>();
        const string wrongSecret = "fake-app-secret-for-tests-wrong";

        var wrong = (await provider.Invoking(p => p.GetAccessTokenAsync(new WechatAppCredentials(WechatTokenEmulator.DefaultAppId, wrongSecret)).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;
        var unknown = (await provider.Invoking(p => p.GetAccessTokenAsync(new WechatAppCredentials("wx00000000unknown1", wrongSecret)).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        wrong.WechatErrorCode.Should().Be(WechatErrorCodes.InvalidAppSecret);
        wrong.Message.Should().Contain("AppSecret").And.NotContain(wrongSecret);
        wrong.IsTransient.Should().BeFalse();
        unknown.WechatErrorCode.Should().Be(WechatErrorCodes.InvalidAppId);
        unknown.Message.Should().Contain("AppId").And.NotContain(wrongSecret);
    }

    public static TheoryData<string, WechatTokenErrorKind, bool, WechatApiEndpoint> TransportFaults()
    {
        var data = new TheoryData<string, WechatTokenErrorKind, bool, WechatApiEndpoint>();
        foreach (var endpoint in new[] { WechatApiEndpoint.StableToken, WechatApiEndpoint.Token })
        {
            data.Add("html", WechatTokenErrorKind.InvalidResponse, false, endpoint);
            data.Add("empty", WechatTokenErrorKind.InvalidResponse, false, endpoint);
            data.Add("malformed", WechatTokenErrorKind.InvalidResponse, false, endpoint);
            data.Add("502", WechatTokenErrorKind.HttpError, true, endpoint);
            data.Add("drop", WechatTokenErrorKind.Network, true, endpoint);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TransportFaults))]
    public async Task GetAccessTokenAsync_BrokenAnswer_IsClassifiedAndNeverShowsTheSecret(
        string fault, WechatTokenErrorKind kind, bool transient, WechatApiEndpoint endpoint)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var logs = new FakeLogCollector();
        await using var services = EmulatorServices.Build(emulator, endpoint, configureServices: s =>
            s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs))));
        emulator.InjectFault(
            fault switch
            {
                "html" => EmulatorFault.Body("<html><body>Bad gateway</body></html>", "text/html"),
                "empty" => EmulatorFault.Body(string.Empty),
                "malformed" => EmulatorFault.Body("{\"access_token\":\"81_x\",\"expires_in\":"),
                "502" => EmulatorFault.HttpStatus(502, "<html>502</html>"),
                _ => EmulatorFault.DropConnection(),
            },
            times: 10);
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("System.Net", StringComparison.Ordinal) || s.Name.StartsWith("Polly", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (activities)
                {
                    activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var ex = (await services.GetRequiredService<IWechatTokenProvider>()
            .Invoking(p => p.GetAccessTokenAsync(EmulatorApp).AsTask()).Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(kind);
        ex.IsTransient.Should().Be(transient);
        ex.Upstream.Should().Be(WechatTokenSource.Wechat);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            e.Message.Should().NotContain(WechatTokenEmulator.DefaultAppSecret);
        }

        ex.ToString().Should().NotContain(WechatTokenEmulator.DefaultAppSecret);
        logs.GetSnapshot().Should().NotBeEmpty()
            .And.OnlyContain(r => !r.Message.Contains(WechatTokenEmulator.DefaultAppSecret, StringComparison.Ordinal)
                && (r.Exception == null || !r.Exception.ToString().Contains(WechatTokenEmulator.DefaultAppSecret, StringComparison.Ordinal)));
        lock (activities)
        {
            activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? string.Empty)
                .Should().OnlyContain(v => !v.Contains(WechatTokenEmulator.DefaultAppSecret, StringComparison.Ordinal));
            activities.Select(a => a.DisplayName).Should().OnlyContain(v => !v.Contains(WechatTokenEmulator.DefaultAppSecret, StringComparison.Ordinal));
        }

        // stable_token gets a few HTTP-level retries for 5xx and dropped connections; /cgi-bin/token never does.
        var expectedAttempts = endpoint == WechatApiEndpoint.Token || !transient ? 1 : 1 + WechatBuilderExtensions.StableTokenMaxRetryAttempts;
        emulator.TotalRequestCount.Should().Be(expectedAttempts);
    }

    [Theory]
    [InlineData(WechatApiEndpoint.StableToken)]
    [InlineData(WechatApiEndpoint.Token)]
    public async Task GetAccessTokenAsync_NoAnswerWithinTheTimeout_ThrowsTransientTimeout(WechatApiEndpoint endpoint)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat(o =>
        {
            o.Host = emulator.BaseAddress;
            o.Endpoint = endpoint;
            o.Timeout = TimeSpan.FromMilliseconds(600);
        });
        await using var provider = services.BuildServiceProvider();
        emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromSeconds(30)), times: 10);

        var ex = (await provider.GetRequiredService<IWechatTokenProvider>()
            .Invoking(p => p.GetAccessTokenAsync(EmulatorApp).AsTask()).Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        ex.IsTransient.Should().BeTrue();
        ex.ToString().Should().NotContain(WechatTokenEmulator.DefaultAppSecret);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StableTokenAfterOne503_RetriesAndSucceeds()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator);
        emulator.InjectFault(EmulatorFault.HttpStatus(503, "<html>busy</html>"), times: 1);

        var token = await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorApp);

        token.Value.Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(2);
    }
}
