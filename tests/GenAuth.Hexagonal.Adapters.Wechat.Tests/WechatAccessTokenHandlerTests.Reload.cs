using System.Net;
using System.Text;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>
/// The handler registered by app name follows configuration reloads (issue 14), and after a rejection with an upstream that
/// keeps returning the same token it neither loops nor makes a fetch per call (issue 11, finding 6). Real loopback HTTP
/// against the emulator, composed through DI.
/// </summary>
public partial class WechatAccessTokenHandlerTests
{
    private const string RotatedAppSecret = "emulator-app-secret-rotated-0002";

    [Fact]
    public async Task SendAsync_AppSecretRotatedByAReload_NextRequestUsesTheNewSecretWithoutRestart()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var source = new ReloadableConfiguration(new Dictionary<string, string?>
        {
            ["Wechat:Host"] = emulator.BaseAddress.ToString(),
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        });
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseWechat(configuration.GetSection("Wechat")).AddCaching();
        services.AddHttpClient(EmulatorServices.ApiClientName, c => c.BaseAddress = emulator.BaseAddress)
            .AddWechatAccessToken("mini", o => o.AllowedHosts.Add(emulator.BaseAddress.Host));
        await using var provider = services.BuildServiceProvider();
        using var client = ApiClient(provider);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        // The secret is rotated at WeChat (the old one is refused, every token it got is dead) and in configuration.
        emulator.AddApp(WechatTokenEmulator.DefaultAppId, RotatedAppSecret);
        emulator.InvalidateWechatTokens(WechatTokenEmulator.DefaultAppId);
        source.Reload(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppSecret"] = RotatedAppSecret });
        emulator.ResetCounters();

        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        var fetch = emulator.Requests.Should().ContainSingle(r => r.Path == "/cgi-bin/stable_token").Which;
        JsonDocument.Parse(fetch.Body, default).RootElement.GetProperty("secret").GetString().Should().Be(RotatedAppSecret);
        emulator.RequestCount(SendPath).Should().Be(1, "the new secret's token was fetched before the first send: no rejection, no retry");
    }

    /// <summary>
    /// The end-to-end figure of issue 11, finding 6. The WeChat source's part (at most one forced refresh with the clock
    /// frozen, none refused) holds on its own (see <c>WechatApiTokenProviderTests.RefreshAsync_FiftyRejectionsWithTheClockFrozen_*</c>);
    /// the bound of 3 fetches comes from the cache, which remembers the rejected token, spaces further fetches and asks the
    /// source's <see cref="IWechatTokenRefresher"/> (without that, every rejection would be a fetch: 51).
    /// </summary>
    [Fact]
    public async Task SendAsync_FiftyCallsAnswered40001WhileUpstreamKeepsTheSameToken_AtMostThreeFetchesAndForcesWithinLimits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)); // frozen
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        await using var services = EmulatorServices.Build(emulator, caching: true, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        using var client = ApiClient(services);

        // Every business call is refused with 40001 while stable_token (normal mode) keeps handing out the same token.
        emulator.InjectFault(EmulatorFault.WechatError(40001, "invalid credential, access_token is invalid or not latest"), times: 1_000, pathPrefix: SendPath);
        var answered = 0;
        var refused = 0;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var response = await client.PostAsync("cgi-bin/message/custom/send", new StringContent(Message, Encoding.UTF8, "application/json"));
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                json.RootElement.GetProperty("errcode").GetInt32().Should().Be(40001, "WeChat's rejection reaches the caller untouched");
                answered++;
            }
            catch (WechatTokenException ex)
            {
                // While the only token is the rejected one and no fetch is due yet, the cache says so (transient, 40001).
                ex.IsTransient.Should().BeTrue();
                ex.WechatErrorCode.Should().Be(40001);
                refused++;
            }
        }

        (answered + refused).Should().Be(50);
        emulator.RequestCount("/cgi-bin/stable_token").Should().BeLessThanOrEqualTo(3, "no fetch per call while upstream keeps returning the rejected token");
        emulator.ForceRefreshCount(WechatTokenEmulator.DefaultAppId).Should().BeLessThanOrEqualTo(1, "forced calls are at least 30 s apart and the clock stands still");
        emulator.RefusedForceRefreshCount(WechatTokenEmulator.DefaultAppId).Should().Be(0, "none broke WeChat's limits");
    }
}
