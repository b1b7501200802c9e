using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 2: the application's <c>wechat-api</c> client (<c>AddWechatAccessToken("mini")</c>, default options)
/// attaches <c>access_token</c> only to WeChat's API hosts over https. Requests to any other host, or over plain http,
/// go out without it, and a Warning names the host once (never the query).
/// </summary>
public sealed class AccessTokenHandlerHostTests
{
    private const string ClientName = "wechat-api";

    [Theory]
    [InlineData("another host over https")]
    [InlineData("a WeChat API host over plain http")]
    [InlineData("loopback, not listed")]
    public async Task DefaultAllowedHosts_RequestOffWechatHttps_SentWithoutTokenAndWarnedOnce(string where)
    {
        await using var other = HostileServer.Start(e => e.WriteAsync(Raw.Response(200, "application/octet-stream", "media")), tls: where == "another host over https");
        await using var tokens = HostileServer.Answering(Raw.WechatToken(Secrets.AccessToken));

        // The Warning is once per host per process: each case names a host no other test in this process uses.
        var uri = new Uri(where switch
        {
            "another host over https" => $"https://media-{Guid.NewGuid():N}.example.test/files/a.jpg?x=query-value",
            "a WeChat API host over plain http" => "http://sz.api.weixin.qq.com/cgi-bin/message/custom/send?x=query-value",
            _ => $"http://127.0.0.1:{other.Port}/upload?x=query-value",
        });
        await using var stack = Stacks.Wechat(tokens.BaseAddress, more: services => services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => LoopbackRouting.Handler(new Dictionary<string, int>
            {
                [uri.Host] = other.Port,
            }))
            .AddWechatAccessToken("mini"));
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

        using (var first = await client.GetAsync(uri))
        using (var second = await client.GetAsync(uri))
        {
            first.EnsureSuccessStatusCode();
            second.EnsureSuccessStatusCode();
        }

        other.Requests.Should().HaveCount(2);
        other.Requests.Should().AllSatisfy(r =>
        {
            r.Target.Should().NotContain("access_token", "the token goes only to WeChat's API hosts over https");
            r.AllText.Should().NotContain(Secrets.AccessToken);
        });
        var warnings = stack.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && (r.Category ?? string.Empty).StartsWith("GenAuth", StringComparison.Ordinal)).ToList();
        warnings.Should().ContainSingle("one Warning per host per process, however many requests go there")
            .Which.Message.Should().Contain(uri.Host).And.NotContain("query-value", "never the query");
    }

    [Fact]
    public async Task DefaultAllowedHosts_WechatApiHostOverHttps_TokenAttached()
    {
        await using var wechat = HostileServer.Answering(Raw.Json("""{"errcode":0,"errmsg":"ok"}"""), tls: true);
        await using var tokens = HostileServer.Answering(Raw.WechatToken(Secrets.AccessToken));
        await using var stack = Stacks.Wechat(tokens.BaseAddress, more: services => services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => LoopbackRouting.Handler(new Dictionary<string, int> { ["api.weixin.qq.com"] = wechat.Port }))
            .AddWechatAccessToken("mini"));
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

        using var response = await client.GetAsync(new Uri("https://api.weixin.qq.com/cgi-bin/get_api_domain_ip"));

        response.EnsureSuccessStatusCode();
        wechat.Requests.Should().ContainSingle().Which.Target.Should().Be($"/cgi-bin/get_api_domain_ip?access_token={Secrets.AccessToken}");
    }
}
