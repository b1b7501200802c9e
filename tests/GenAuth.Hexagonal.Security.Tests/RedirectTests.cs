using GenAuth.Hexagonal.Adapters.GenAuth;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 1: no client that carries a secret follows a redirect. The configured host answers 3xx pointing at another
/// server on loopback; that server must receive nothing (a 307/308 would re-send the body with the app secret or the
/// access key secret), its token must not be accepted, nothing is cached, and the error names the status and the
/// Location's host, never its path or query.
/// </summary>
public sealed class RedirectTests
{
    private const string StolenPath = "/steal";
    private const string StolenQuery = "k=stolen-query-value";

    public static TheoryData<int> RedirectStatuses => new() { 301, 302, 303, 307, 308 };

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task GenAuthToken_RedirectToAnotherHost_NotFollowedNothingCached(int status)
    {
        await using var elsewhere = HostileServer.Answering(Raw.GenAuthToken(Secrets.OtherAccessToken));
        await using var configured = HostileServer.Answering(Raw.Redirect(status, Location(elsewhere)));
        await using var stack = Stacks.GenAuth(configured.BaseAddress);

        var first = await Outcome(stack);
        var second = await Outcome(stack);

        elsewhere.Requests.Should().BeEmpty("a redirect must not carry the request (appSecret in its body, x-genauth-* headers) to another host");
        configured.Count(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(2, "nothing is cached: the second call asks the configured host again");
        AssertRedirectError(first, status, elsewhere);
        AssertRedirectError(second, status, elsewhere);
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task ManagementToken_RedirectToAnotherHost_AccessKeySecretNotResent(int status)
    {
        await using var elsewhere = HostileServer.Answering(Raw.ManagementToken(Secrets.ManagementToken));
        await using var configured = HostileServer.Start(e => e.WriteAsync(
            e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint ? Raw.Redirect(status, Location(elsewhere)) : Raw.GenAuthToken(Secrets.AccessToken)));
        await using var stack = Stacks.GenAuth(configured.BaseAddress, new Dictionary<string, string?> { ["GenAuth:Auth"] = "ManagementToken" });

        var outcome = await Outcome(stack);

        elsewhere.Requests.Should().BeEmpty("the management-token request holds the access key secret in its body");
        configured.Count(GenAuthDefaults.WeixinAccessTokenEndpoint).Should().Be(0, "no management token was obtained");
        AssertRedirectError(outcome, status, elsewhere);
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task WechatStableToken_RedirectToAnotherHost_NotFollowedNothingCached(int status)
    {
        await using var elsewhere = HostileServer.Answering(Raw.WechatToken(Secrets.OtherAccessToken));
        await using var configured = HostileServer.Answering(Raw.Redirect(status, Location(elsewhere)));
        await using var stack = Stacks.Wechat(configured.BaseAddress);

        var first = await Outcome(stack);
        var second = await Outcome(stack);

        elsewhere.Requests.Should().BeEmpty("the stable_token request holds the app secret in its body");
        configured.Count("/cgi-bin/stable_token").Should().Be(2, "3xx is not retried, and nothing is cached");
        AssertRedirectError(first, status, elsewhere);
        AssertRedirectError(second, status, elsewhere);
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task WechatCgiBinToken_RedirectToAnotherHost_NotFollowedNothingCached(int status)
    {
        await using var elsewhere = HostileServer.Answering(Raw.WechatToken(Secrets.OtherAccessToken));
        await using var configured = HostileServer.Answering(Raw.Redirect(status, Location(elsewhere)));
        await using var stack = Stacks.Wechat(configured.BaseAddress, new Dictionary<string, string?> { ["Wechat:Endpoint"] = "Token" });

        var first = await Outcome(stack);
        var second = await Outcome(stack);

        elsewhere.Requests.Should().BeEmpty("another host's token must never be accepted");
        configured.Count("/cgi-bin/token").Should().Be(2, "nothing is cached");
        AssertRedirectError(first, status, elsewhere);
        AssertRedirectError(second, status, elsewhere);
    }

    /// <summary>The application supplies the primary handler for every client (a proxy, say), with redirects on.</summary>
    [Theory]
    [InlineData("defaults")]
    [InlineData("defaults-with-proxy")]
    [InlineData("named-client-after-registration")]
    public async Task AppSuppliedPrimaryHandlerFollowingRedirects_SecretCarryingClientsStillDoNot(string how)
    {
        await using var elsewhere = HostileServer.Answering(Raw.GenAuthToken(Secrets.OtherAccessToken));
        await using var configured = HostileServer.Answering(Raw.Redirect(307, Location(elsewhere)));
        await using var proxy = HostileServer.Answering(Raw.Redirect(307, Location(elsewhere)));
        void Configure(IServiceCollection services)
        {
            switch (how)
            {
                case "defaults":
                    services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(
                        () => new HttpClientHandler { AllowAutoRedirect = true, UseProxy = false }));
                    break;
                case "defaults-with-proxy":
                    services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(
                        () => new HttpClientHandler { AllowAutoRedirect = true, UseProxy = true, Proxy = new FixedProxy(proxy.BaseAddress) }));
                    break;
                default:
                    services.AddHttpClient(GenAuthDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(
                        () => new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false });
                    break;
            }
        }

        await using var stack = Stacks.GenAuth(configured.BaseAddress, more: Configure);

        var outcome = await Outcome(stack);

        elsewhere.Requests.Should().BeEmpty("the library turns automatic redirects off on the handler the application supplies too");
        (configured.Requests.Count + proxy.Requests.Count).Should().Be(1, "one request, to the configured host (through the proxy when there is one), and no redirected one");
        AssertRedirectError(outcome, 307, elsewhere);
    }

    private static string Location(HostileServer elsewhere) => $"http://127.0.0.1:{elsewhere.Port}{StolenPath}?{StolenQuery}";

    private static async Task<Exception?> Outcome(Stacks stack)
    {
        try
        {
            var token = await stack.GetAsync();
            return new InvalidOperationException($"a token was accepted ({token.RedactedValue})");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static void AssertRedirectError(Exception? outcome, int status, HostileServer elsewhere)
    {
        var failure = outcome.Should().BeOfType<WechatTokenException>("a redirect is an error, never a token").Subject;
        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        failure.HttpStatusCode.Should().Be(status);
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Contain($"127.0.0.1:{elsewhere.Port}", "the error names the host the redirect pointed at")
            .And.NotContain(StolenPath, "never the Location's path")
            .And.NotContain(StolenQuery, "never the Location's query");
    }
}
