using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatTokenExceptionTests
{
    [Fact]
    public void ToString_ListsFieldsAndInnerException()
    {
        var inner = new HttpRequestException("Connection refused");
        var exception = new WechatTokenException("GenAuth failed.", WechatTokenSource.GenAuth, WechatTokenErrorKind.UpstreamError, false, inner)
        {
            AppId = "wx1234567890abcdef",
            StatusCode = 400,
            ApiCode = 40010,
            RequestId = "req-1",
            HttpStatusCode = 200,
        };

        var text = exception.ToString();

        text.Should().Contain("GenAuth failed.").And.Contain("Upstream=GenAuth").And.Contain("Kind=UpstreamError")
            .And.Contain("StatusCode=400").And.Contain("ApiCode=40010").And.Contain("RequestId=req-1")
            .And.Contain("AppId=wx1234567890abcdef").And.Contain("Connection refused").And.NotContain("WechatErrorCode");
        exception.IsTransient.Should().BeFalse();
        exception.InnerException.Should().BeSameAs(inner);
    }

    [Fact]
    public void DefaultConstructor_IsUnknownAndNotTransient()
    {
        var exception = new WechatTokenException();

        exception.Upstream.Should().Be(WechatTokenSource.Unknown);
        exception.Kind.Should().Be(WechatTokenErrorKind.Unknown);
        exception.IsTransient.Should().BeFalse();
        exception.Message.Should().NotBeNullOrEmpty();
    }
}
