using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatAppCredentialsTests
{
    private const string AppId = "wx1234567890abcdef";
    private const string Secret = "fake-app-secret-for-tests-0001";

    [Fact]
    public void Constructor_ValidValues_KeepsThem()
    {
        var credentials = new WechatAppCredentials(AppId, Secret);

        credentials.AppId.Should().Be(AppId);
        credentials.AppSecret.Should().Be(Secret);
    }

    [Fact]
    public void Constructor_NullAppId_ThrowsArgumentNullNamingParameter()
    {
        var act = () => new WechatAppCredentials(null!, Secret);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("appId");
    }

    [Fact]
    public void Constructor_NullSecret_ThrowsArgumentNullNamingParameter()
    {
        var act = () => new WechatAppCredentials(AppId, null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("appSecret");
    }

    public static TheoryData<string, string> BadSecrets => new()
    {
        { "", "empty" },
        { "   ", "whitespace" },
        { Secret + "\n", "whitespace" },
        { " " + Secret, "whitespace" },
        { "fake-secret\u0001-0001", "control" },
        { "fake-secret-\u00e9t\u00e9-0001", "non-ASCII" },
        { "fake-secret-\u5bc6\u94a5-0001", "non-ASCII" },
        { new string('s', WechatAppCredentials.MaxAppSecretLength + 1), "at most" },
        { new string('s', 10 * 1024 * 1024), "at most" },
    };

    [Theory]
    [MemberData(nameof(BadSecrets))]
    public void Constructor_BadSecret_ThrowsNamingParameterWithoutEchoingValue(string secret, string expectedWords)
    {
        var act = () => new WechatAppCredentials(AppId, secret);

        var exception = act.Should().Throw<ArgumentException>().Which;
        exception.ParamName.Should().Be("appSecret");
        exception.Message.Should().Contain("app secret").And.Contain(expectedWords);
        if (secret.Trim().Length > 0)
        {
            exception.Message.Should().NotContain(secret.Trim());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("wx1234 567890abcdef")]
    [InlineData("wx1234567890abcdef\r\n")]
    [InlineData("wx\u00001234567890abcdef")]
    public void Constructor_BadAppId_ThrowsNamingAppId(string appId)
    {
        var act = () => new WechatAppCredentials(appId, Secret);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("appId");
    }

    [Fact]
    public void Constructor_AppIdTooLong_Throws()
    {
        var act = () => new WechatAppCredentials(new string('w', WechatAppCredentials.MaxAppIdLength + 1), Secret);

        act.Should().Throw<ArgumentException>().WithMessage("*app id*at most 64*");
    }

    [Fact]
    public void ToString_NeverShowsSecret()
    {
        var text = new WechatAppCredentials(AppId, Secret).ToString();

        text.Should().Contain(AppId).And.NotContain(Secret).And.Contain("***");
    }

    [Fact]
    public void Equals_SameValues_AreEqualWithSameHash()
    {
        var a = new WechatAppCredentials(AppId, Secret);
        var b = new WechatAppCredentials(AppId, Secret);

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a.Equals((object)b)).Should().BeTrue();
    }

    [Fact]
    public void Equals_DifferentSecret_NotEqual()
    {
        var a = new WechatAppCredentials(AppId, Secret);
        var b = new WechatAppCredentials(AppId, Secret + "x");

        a.Should().NotBe(b);
        a.Equals(null).Should().BeFalse();
    }

    [Fact]
    public void Key_ComputedOnce_ReturnsSameInstance()
    {
        var credentials = new WechatAppCredentials(AppId, Secret);

        credentials.Key.Should().BeSameAs(credentials.Key);
    }

    [Fact]
    public void Key_EqualCredentials_EqualKeys()
    {
        var a = new WechatAppCredentials(AppId, Secret).Key;
        var b = new WechatAppCredentials(AppId, Secret).Key;

        a.Should().NotBeSameAs(b);
        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
    }

    [Fact]
    public void Key_DifferentSecret_DifferentFingerprint()
    {
        var a = new WechatAppCredentials(AppId, Secret).Key;
        var b = new WechatAppCredentials(AppId, Secret + "x").Key;

        a.AppId.Should().Be(b.AppId);
        a.Fingerprint.Should().NotBe(b.Fingerprint);
        a.Should().NotBe(b);
    }

    [Fact]
    public void Key_NeverHoldsOrShowsSecret()
    {
        var key = new WechatAppCredentials(AppId, Secret).Key;

        key.Fingerprint.Should().MatchRegex("^[0-9a-f]{32}$").And.NotContain(Secret);
        key.ToString().Should().StartWith(AppId + "#").And.NotContain(Secret);
    }
}
