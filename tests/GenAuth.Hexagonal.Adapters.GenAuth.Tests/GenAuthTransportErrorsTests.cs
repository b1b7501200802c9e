using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Polly.Timeout;
using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

public class GenAuthTransportErrorsTests
{
    private static readonly GenAuthOptions Options = new() { Host = "https://127.0.0.1:9", AccessKeySecret = TestData.AccessKeySecret };
    private static readonly GenAuthCall Call = GenAuthCall.ForWechatToken(GenAuthDefaults.WeixinAccessTokenEndpoint, TestData.Credentials, Options);

    private static ApiRequestException Wrapped(Exception inner)
    {
        // Refit's wrapper holds the request, whose body holds the app secret.
        var request = new HttpRequestMessage(HttpMethod.Post, "https://127.0.0.1:9/api/v3/get-weixin-access-token")
        {
            Content = new StringContent($$"""{"appId":"{{TestData.AppId}}","appSecret":"{{TestData.AppSecret}}"}"""),
        };
        return new ApiRequestException(request, HttpMethod.Post, new RefitSettings(), inner);
    }

    [Fact]
    public void TryMap_HttpClientTimeout_IsTransientTimeoutWithoutRefitWrapper()
    {
        var timeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());

        GenAuthTransportErrors.TryMap(Call, Wrapped(timeout), Options, CancellationToken.None, out var mapped).Should().BeTrue();

        mapped.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        mapped.IsTransient.Should().BeTrue();
        mapped.InnerException.Should().BeSameAs(timeout);
        mapped.AppId.Should().Be(TestData.AppId);
    }

    [Fact]
    public void TryMap_PollyAttemptTimeout_IsTransientTimeout()
    {
        GenAuthTransportErrors.TryMap(Call, Wrapped(new TimeoutRejectedException()), Options, CancellationToken.None, out var mapped).Should().BeTrue();

        mapped.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        mapped.IsTransient.Should().BeTrue();
    }

    [Fact]
    public void TryMap_HttpRequestException_IsTransientNetworkNamingHost()
    {
        var inner = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known");

        GenAuthTransportErrors.TryMap(Call, Wrapped(inner), Options, CancellationToken.None, out var mapped).Should().BeTrue();

        mapped.Kind.Should().Be(WechatTokenErrorKind.Network);
        mapped.IsTransient.Should().BeTrue();
        mapped.InnerException.Should().BeSameAs(inner);
        mapped.Message.Should().Contain("https://127.0.0.1:9").And.Contain("GenAuth:Host");
    }

    [Fact]
    public void TryMap_CallerCancelled_IsNotMapped()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        GenAuthTransportErrors.TryMap(Call, new OperationCanceledException(cancellation.Token), Options, cancellation.Token, out _).Should().BeFalse();
    }

    [Fact]
    public void TryMap_WechatTokenExceptionFromHandler_IsPassedOnAsIs()
    {
        var original = new WechatTokenException("m", WechatTokenSource.GenAuth, WechatTokenErrorKind.UpstreamError, false);

        GenAuthTransportErrors.TryMap(Call, Wrapped(original), Options, CancellationToken.None, out var mapped).Should().BeTrue();

        mapped.Should().BeSameAs(original);
    }

    [Fact]
    public void TryMap_UnexpectedException_IsUnknownNotTransientAndHidesRequest()
    {
        var inner = new NotSupportedException("odd");

        GenAuthTransportErrors.TryMap(Call, Wrapped(inner), Options, CancellationToken.None, out var mapped).Should().BeTrue();

        mapped.Kind.Should().Be(WechatTokenErrorKind.Unknown);
        mapped.IsTransient.Should().BeFalse();
        mapped.InnerException.Should().BeSameAs(inner, "Refit's wrapper holds the request body with the app secret");
        GenAuthTestHost.AssertNoSecrets(mapped.ToString());
    }

    [Fact]
    public void Scrub_UpstreamTextWithSecretsAndControls_IsSafeAndCapped()
    {
        var text = $"echo {TestData.AppSecret} and {TestData.AccessKeySecret}\r\n" + new string('x', 1000);

        var scrubbed = Call.Scrub(text);

        GenAuthTestHost.AssertNoSecrets(scrubbed);
        scrubbed.Should().StartWith("echo *** and ***").And.NotContain("\n");
        scrubbed.Length.Should().BeLessThanOrEqualTo(300);
    }
}
