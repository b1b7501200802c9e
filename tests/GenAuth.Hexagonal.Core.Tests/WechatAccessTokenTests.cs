using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatAccessTokenTests
{
    private const string LongToken = "81_fakeTokenValueForTestsOnly_0123456789abcdefghijklmnop";
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_795_559_059);

    [Fact]
    public void ToString_RedactsValue()
    {
        var token = new WechatAccessToken(LongToken, Expiry);

        token.ToString().Should().NotContain(LongToken).And.Contain("81_fak").And.Contain($"({LongToken.Length} chars)");
        token.RedactedValue.Should().NotContain(LongToken);
    }

    [Fact]
    public void RedactedValue_ShortToken_ShowsNoCharacters()
    {
        var token = new WechatAccessToken("short-token", Expiry);

        token.RedactedValue.Should().Be("***(11 chars)");
    }

    [Fact]
    public void ExpiresAtUnixSeconds_RoundTrips()
    {
        new WechatAccessToken(LongToken, Expiry).ExpiresAtUnixSeconds.Should().Be(1_795_559_059);
    }

    [Fact]
    public void Equals_ComparesValueAndExpiry()
    {
        var a = new WechatAccessToken(LongToken, Expiry);

        a.Should().Be(new WechatAccessToken(LongToken, Expiry));
        a.Should().NotBe(new WechatAccessToken(LongToken, Expiry.AddSeconds(1)));
        a.Should().NotBe(new WechatAccessToken(LongToken + "x", Expiry));
    }

    [Theory]
    [InlineData("")]
    [InlineData("81_fakeTok with-space")]
    [InlineData("81_fakeTokNewline\n")]
    public void Constructor_BadValue_ThrowsNamingValueWithoutEchoingIt(string value)
    {
        var act = () => new WechatAccessToken(value, Expiry);

        var exception = act.Should().Throw<ArgumentException>().Which;
        exception.ParamName.Should().Be("value");
        if (value.Trim().Length > 0)
        {
            exception.Message.Should().NotContain(value.Trim());
        }
    }

    [Fact]
    public void Constructor_TooLong_Throws()
    {
        var act = () => new WechatAccessToken(new string('t', WechatAccessToken.MaxLength + 1), Expiry);

        act.Should().Throw<ArgumentException>().WithMessage("*at most 2048*");
    }
}
