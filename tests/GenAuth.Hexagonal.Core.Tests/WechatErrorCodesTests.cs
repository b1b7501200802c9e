using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatErrorCodesTests
{
    [Theory]
    [InlineData(40001, true)]
    [InlineData(40014, true)]
    [InlineData(42001, true)]
    [InlineData(40013, false)]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    public void IsTokenRejected_OnlyForTheThreeTokenErrors(int errcode, bool expected) =>
        WechatErrorCodes.IsTokenRejected(errcode).Should().Be(expected);

    [Theory]
    [InlineData(-1, true)]
    [InlineData(45011, true)]
    [InlineData(45009, false)]
    [InlineData(40125, false)]
    [InlineData(40164, false)]
    [InlineData(89503, false)]
    public void IsTransient_OnlyBusyAndMinuteQuota(int errcode, bool expected) =>
        WechatErrorCodes.IsTransient(errcode).Should().Be(expected);

    [Theory]
    [InlineData(40164, "IP whitelist")]
    [InlineData(40125, "AppSecret")]
    [InlineData(40013, "AppId")]
    [InlineData(45009, "do not retry today")]
    [InlineData(45011, "next minute")]
    [InlineData(-1, "retry")]
    [InlineData(89503, "confirm")]
    [InlineData(12345, "errcode 12345")]
    public void Describe_SaysWhatToDo(int errcode, string expected) =>
        WechatErrorCodes.Describe(errcode).Should().Contain(expected);
}
