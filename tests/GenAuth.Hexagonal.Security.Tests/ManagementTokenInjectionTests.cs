using GenAuth.Hexagonal.Adapters.GenAuth;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 3: <c>scoped_userpool_id</c>, read from the (unverified) management JWT, is written into the
/// <c>x-genauth-userpool-id</c> header. A claim that is not a plain header value (CR/LF, spaces, controls, non-ASCII)
/// must not reach the wire: the library sends <c>GenAuth:AccessKeyId</c> instead and says so once.
/// </summary>
public sealed class ManagementTokenInjectionTests
{
    [Theory]
    [InlineData("pool-1\\r\\nx-injected: yes")]
    [InlineData("pool-1\\nx-injected: yes")]
    [InlineData("pool 1\\u0000x-injected")]
    [InlineData("pool-\\u00e9\\u202e1")]
    public async Task ScopedUserPoolIdNotAHeaderValue_NoInjectionAndAccessKeyIdSent(string claimJson)
    {
        var jwt = Jwt.WithPayload($$"""{"scoped_userpool_id":"{{claimJson}}","exp":4102444800}""");
        await using var genAuth = HostileServer.Start(e => e.WriteAsync(
            e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint ? Raw.ManagementToken(jwt) : Raw.GenAuthToken(Secrets.AccessToken)));
        await using var stack = Stacks.GenAuth(genAuth.BaseAddress, new Dictionary<string, string?> { ["GenAuth:Auth"] = "ManagementToken" }, caching: false);

        await stack.GetAsync();
        await stack.GetAsync();

        var tokenRequests = genAuth.Requests.Where(r => r.Path == GenAuthDefaults.WeixinAccessTokenEndpoint).ToList();
        tokenRequests.Should().HaveCount(2, "both calls reach GenAuth");
        tokenRequests.Should().AllSatisfy(r =>
        {
            r.Headers.Should().NotContain(h => h.Key.Equals("x-injected", StringComparison.OrdinalIgnoreCase), "a claim must not add a header");
            r.Head.Should().NotContain("x-injected");
            r.Header("x-genauth-userpool-id").Should().Be(Secrets.AccessKeyId, "an unusable claim falls back to GenAuth:AccessKeyId");
        });
        stack.Logs.GetSnapshot().Where(l => l.Level >= LogLevel.Warning && l.Message.Contains("scoped_userpool_id", StringComparison.Ordinal))
            .Should().ContainSingle("the fallback is logged once, not per request");
    }

    [Fact]
    public async Task ScopedUserPoolIdPlain_SentAsIs()
    {
        var jwt = Jwt.WithPayload("""{"scoped_userpool_id":"62a0000000000000000pool","exp":4102444800}""");
        await using var genAuth = HostileServer.Start(e => e.WriteAsync(
            e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint ? Raw.ManagementToken(jwt) : Raw.GenAuthToken(Secrets.AccessToken)));
        await using var stack = Stacks.GenAuth(genAuth.BaseAddress, new Dictionary<string, string?> { ["GenAuth:Auth"] = "ManagementToken" });

        await stack.GetAsync();

        genAuth.Requests.Single(r => r.Path == GenAuthDefaults.WeixinAccessTokenEndpoint).Header("x-genauth-userpool-id")
            .Should().Be("62a0000000000000000pool");
    }
}
