using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

public class WechatAccessTokenHttpClientBuilderExtensionsTests
{
    private static async Task<int> ErrcodeAsync(HttpClient client)
    {
        using var response = await client.PostAsync("cgi-bin/message/custom/send", new StringContent("{}"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errcode").GetInt32();
    }

    [Fact]
    public async Task AddWechatAccessToken_NamedApp_AttachesThatAppsToken()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var services = EmulatorServices.Build(emulator, caching: true);
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(EmulatorServices.ApiClientName);

        (await ErrcodeAsync(client)).Should().Be(0);

        var sent = emulator.Requests.Single(r => r.Path == "/cgi-bin/message/custom/send");
        System.Web.HttpUtility.ParseQueryString(sent.Query)["access_token"].Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
    }

    [Fact]
    public async Task AddWechatAccessToken_Credentials_AttachesThatAppsToken()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat(o => o.Host = emulator.BaseAddress).AddCaching();
        services.AddHttpClient("api", c => c.BaseAddress = emulator.BaseAddress)
            .AddWechatAccessToken(EmulatorServices.Credentials, o => o.AllowedHosts.Add("127.0.0.1"));
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        (await ErrcodeAsync(client)).Should().Be(0);
        (await ErrcodeAsync(client)).Should().Be(0);

        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1, "the cached token is shared by requests");
    }

    [Fact]
    public async Task AddWechatAccessToken_UnknownAppName_RequestFailsNamingTheKeys()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat().AddApp("mini", a =>
        {
            a.AppId = TestApps.AppId;
            a.AppSecret = TestApps.AppSecret;
        });
        services.AddHttpClient("api", c => c.BaseAddress = new Uri("https://api.weixin.qq.com/")).AddWechatAccessToken("official");
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var act = () => client.GetAsync("cgi-bin/get_api_domain_ip");

        // The app may be added by a configuration reload, so the name is checked per request, not when the client is created.
        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.Kind.Should().Be(WechatTokenErrorKind.Configuration);
        failure.Message.Should().Contain("Wechat:Apps:official:AppId").And.Contain("configured: mini");
    }

    [Fact]
    public void AddWechatAccessToken_NoTokenProviderRegistered_FailsWithWhatToCall()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("api").AddWechatAccessToken(TestApps.Credentials);
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddWechatTokenProvider()*");
    }
}
