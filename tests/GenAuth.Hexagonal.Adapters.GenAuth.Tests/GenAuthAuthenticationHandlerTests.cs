using System.Globalization;
using System.Net;
using GenAuth.Hexagonal.Adapters.GenAuth.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

public class GenAuthAuthenticationHandlerTests
{
    [Theory]
    [InlineData(GenAuthBrand.GenAuth, "x-genauth-", "GenAuth")]
    [InlineData(GenAuthBrand.Authing, "x-authing-", "authing")]
    public async Task SendAsync_TokenRequest_SendsBrandHeadersAndVerifiableSignature(GenAuthBrand brand, string prefix, string scheme)
    {
        await using var host = GenAuthTestHost.Create(o =>
        {
            o.Brand = brand;
            o.Lang = "en-US";
            o.TenantId = "tenant-0001";
        });
        host.Stub.EnqueueJson(TestData.TokenBody());

        await host.GetAsync();

        var request = host.Stub.Requests.Should().ContainSingle().Which;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(GenAuthDefaults.WeixinAccessTokenEndpoint);
        request.Header("date").Should().Be("Tue, 24 Nov 2026 12:00:00 GMT");
        request.Header(prefix + "lang").Should().Be("en-US");
        request.Header(prefix + "app-id").Should().Be("tenant-0001");
        request.Header(prefix + "sdk-version").Should().StartWith("genauth-hexagonal:").And.NotContain("+");
        request.Header(prefix + "signature-method").Should().Be("HMAC-SHA1");
        request.Header(prefix + "signature-version").Should().Be("1.0");
        request.Header(prefix + "signature-nonce").Should().MatchRegex("^[0-9a-f]{32}$");

        // Recompute the signature from what was sent: the server does the same.
        var signed = request.Headers.Where(h => h.Key == "date" || h.Key.StartsWith(prefix, StringComparison.Ordinal));
        var stringToSign = GenAuthSignature.BuildStringToSign("POST", request.Path, signed, GenAuthSignature.BodyParameters(request.Body));
        request.Header("authorization").Should().Be($"{scheme} {TestData.AccessKeyId}:{GenAuthSignature.Sign(stringToSign, TestData.AccessKeySecret)}");
        stringToSign.Should().Contain($"?appId={TestData.AppId}&appSecret=");
    }

    [Fact]
    public async Task SendAsync_RetriedAttempt_GetsFreshNonceAndCurrentDate()
    {
        await using var host = GenAuthTestHost.Create(o => o.MaxRetryAttempts = 2);
        host.Stub.Enqueue((_, _) =>
        {
            host.Time.Advance(TimeSpan.FromSeconds(3));
            return Task.FromResult(StubHttpMessageHandler.Response(HttpStatusCode.ServiceUnavailable, "busy", "text/plain"));
        });
        host.Stub.EnqueueJson(TestData.TokenBody());

        var token = await host.GetAsync();

        token.Value.Should().Be(TestData.Token);
        var requests = host.Stub.Requests;
        requests.Should().HaveCount(2);
        requests[0].Header("x-genauth-signature-nonce").Should().NotBe(requests[1].Header("x-genauth-signature-nonce"));
        requests[0].Header("authorization").Should().NotBe(requests[1].Header("authorization"));
        requests[1].Header("date").Should().Be(TestData.Now.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SendAsync_SignatureMode_SendsNoBearerTokenAndNoUserPoolHeader()
    {
        await using var host = GenAuthTestHost.Create();
        host.Stub.EnqueueJson(TestData.TokenBody());

        await host.GetAsync();

        var request = host.Stub.Requests.Should().ContainSingle().Which;
        request.Header("authorization").Should().StartWith("GenAuth ");
        request.Header("x-genauth-userpool-id").Should().BeNull();
        request.Header("x-genauth-app-id").Should().BeNull("no tenant is configured");
    }
}
