using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>Builds an application's services wired to a running emulator, the way a user would.</summary>
public static class EmulatorServices
{
    public const string AppName = "mini";
    public const string ApiClientName = "wechat-api";

    public static WechatAppCredentials Credentials { get; } = new(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);

    public static ServiceProvider Build(
        WechatTokenEmulator emulator,
        WechatApiEndpoint endpoint = WechatApiEndpoint.StableToken,
        bool caching = false,
        Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        var builder = services.AddWechatTokenProvider()
            .UseWechat(o =>
            {
                o.Host = emulator.BaseAddress;
                o.Endpoint = endpoint;
            })
            .AddApp(AppName, a =>
            {
                a.AppId = WechatTokenEmulator.DefaultAppId;
                a.AppSecret = WechatTokenEmulator.DefaultAppSecret;
            });
        if (caching)
        {
            builder.AddCaching();
        }

        // The emulator is on loopback over plain http: the token goes there only because it is listed.
        services.AddHttpClient(ApiClientName, c => c.BaseAddress = emulator.BaseAddress)
            .AddWechatAccessToken(AppName, o => o.AllowedHosts.Add(emulator.BaseAddress.Host));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Whether the emulator's business API accepts <paramref name="token"/> right now (errcode 0).</summary>
    public static async Task<int> BusinessApiErrcodeAsync(WechatTokenEmulator emulator, string token)
    {
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var response = await client.PostAsync(
            $"cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}",
            new StringContent("""{"touser":"OPENID","msgtype":"text","text":{"content":"probe"}}""", System.Text.Encoding.UTF8, "application/json"));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errcode").GetInt32();
    }
}
