using System.Net;
using System.Text;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>The handler over loopback HTTP against the emulator, composed through DI.</summary>
public partial class WechatAccessTokenHandlerTests
{
    private const string SendPath = "/cgi-bin/message/custom/send";
    private const string Message = """{"touser":"OPENID","msgtype":"text","text":{"content":"你好 & hello"}}""";

    private static HttpClient ApiClient(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(EmulatorServices.ApiClientName);

    private static async Task<JsonElement> SendMessageAsync(HttpClient client)
    {
        using var response = await client.PostAsync("cgi-bin/message/custom/send", new StringContent(Message, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static void ShouldBeEchoOfMessage(JsonElement answer)
    {
        answer.GetProperty("errcode").GetInt32().Should().Be(0);
        using var sent = JsonDocument.Parse(Message);
        JsonElement.DeepEquals(answer.GetProperty("echo"), sent.RootElement).Should().BeTrue("the POST body reached WeChat intact");
        answer.GetProperty("echo").GetProperty("text").GetProperty("content").GetString().Should().Be("你好 & hello");
    }

    [Fact]
    public async Task SendAsync_TokenRotatedByAnotherHolder_OneRefreshOneRetryAndTheCallerSeesSuccess()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        await using var services = EmulatorServices.Build(emulator, WechatApiEndpoint.Token, caching: true);
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));
        var cached = emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId);

        emulator.RotateWechatToken(WechatTokenEmulator.DefaultAppId); // another holder called /cgi-bin/token
        clock.Advance(TimeSpan.FromMinutes(6));                       // the 5-minute overlap is over: the cached token is dead
        emulator.ResetCounters();
        var answer = await SendMessageAsync(client);

        ShouldBeEchoOfMessage(answer);
        emulator.RequestCount("/cgi-bin/token").Should().Be(1, "exactly one refresh");
        emulator.RequestCount(SendPath).Should().Be(2, "exactly one retry");
        var sentTokens = emulator.Requests.Where(r => r.Path == SendPath).Select(r => System.Web.HttpUtility.ParseQueryString(r.Query)["access_token"]).ToList();
        sentTokens[0].Should().Be(cached);
        sentTokens[1].Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId)).And.NotBe(cached);
        emulator.Requests.Where(r => r.Path == SendPath).Should().OnlyContain(r => r.Body == Message);
    }

    [Fact]
    public async Task SendAsync_TokensInvalidated_WithStableTokenAndCaching_RefreshesOnceAndSucceeds()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: true);
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        emulator.InvalidateWechatTokens(WechatTokenEmulator.DefaultAppId);
        emulator.ResetCounters();
        ShouldBeEchoOfMessage(await SendMessageAsync(client));
        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1);
        emulator.RequestCount(SendPath).Should().Be(3, "one retry for the first call, none for the second (the cache holds the new token)");
    }

    [Fact]
    public async Task SendAsync_RejectedTwice_ReturnsTheRejectionToTheCallerWithoutLooping()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: true);
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));
        emulator.ResetCounters();
        emulator.InjectFault(EmulatorFault.WechatError(WechatErrorCodes.InvalidCredential, "invalid credential"), times: 5, pathPrefix: SendPath);

        var answer = await SendMessageAsync(client);

        answer.GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.InvalidCredential);
        emulator.RequestCount(SendPath).Should().Be(2);

        // One refresh after the rejection: a normal-mode fetch, plus one forced call only if the cache asks the source's
        // IWechatTokenRefresher and normal mode hands back the rejected token (the emulator keeps it: WeChat did not rotate).
        var forced = emulator.ForceRefreshCount(WechatTokenEmulator.DefaultAppId);
        forced.Should().BeLessThanOrEqualTo(1);
        emulator.RefusedForceRefreshCount(WechatTokenEmulator.DefaultAppId).Should().Be(0);
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1 + forced);
    }

    [Fact]
    public async Task SendAsync_WithoutCachingDecorator_RefetchesFromTheSourceAndRetriesOnce()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: false);
        services.GetService<IWechatTokenInvalidator>().Should().BeNull("no caching decorator is registered");
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        emulator.ResetCounters();
        emulator.InjectFault(EmulatorFault.WechatError(WechatErrorCodes.AccessTokenExpired, "access_token expired"), times: 1, pathPrefix: SendPath);
        var answer = await SendMessageAsync(client);

        ShouldBeEchoOfMessage(answer);
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(2, "without a cache each send fetches: the first attempt and the one refresh");
        emulator.RequestCount(SendPath).Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_MediaDownload_PassesTheBinaryThroughAfterARejection()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: true);
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));
        emulator.InvalidateWechatTokens(WechatTokenEmulator.DefaultAppId);

        using var response = await client.GetAsync("cgi-bin/media/get?media_id=MEDIA_ID_1", HttpCompletionOption.ResponseHeadersRead);

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(WechatTokenEmulator.GetMediaBytes("MEDIA_ID_1"));
        emulator.RequestCount("/cgi-bin/media/get").Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_HundredConcurrentRequestsOnARejectedToken_CauseExactlyOneUpstreamFetch()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: true);
        using var client = ApiClient(services);
        ShouldBeEchoOfMessage(await SendMessageAsync(client));

        emulator.InvalidateWechatTokens(WechatTokenEmulator.DefaultAppId);
        emulator.ResetCounters();
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => SendMessageAsync(client))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        answers.Should().HaveCount(100).And.OnlyContain(a => a.GetProperty("errcode").GetInt32() == 0);
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1);
        emulator.RequestCount(SendPath).Should().BeInRange(100, 200, "each request is retried at most once");
    }
}
