using System.Text.Json;
using GenAuth.Hexagonal.Cli;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Cli.Tests;

/// <summary><c>genauth-wechat token --source wechat</c>: the token straight from WeChat's stable_token (issue 14), against the emulator.</summary>
public sealed partial class GenAuthWechatCliTests
{
    private static Dictionary<string, string?> WechatEnv() => new()
    {
        [CliEnvironment.AppSecret] = WechatTokenEmulator.DefaultAppSecret,
    };

    private string[] WechatArgs(params string[] extra) =>
        ["token", "--source", "wechat", "--app-id", WechatTokenEmulator.DefaultAppId, "--host", _emulator.BaseAddress.ToString(), .. extra];

    [Fact]
    public async Task TokenSourceWechat_Json_StableTokenWithTheAppSecretAlone()
    {
        var (exitCode, stdout, stderr) = await RunAsync(WechatEnv(), WechatArgs("--json"));

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        stderr.Should().BeEmpty();
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        root.GetProperty("appId").GetString().Should().Be(WechatTokenEmulator.DefaultAppId);
        root.GetProperty("accessToken").GetString().Should().Be(_emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("expiresAt").GetInt64()).Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(2), TimeSpan.FromMinutes(5));
        var fetch = _emulator.Requests.Should().ContainSingle().Which;
        fetch.Path.Should().Be("/cgi-bin/stable_token");
        JsonDocument.Parse(fetch.Body).RootElement.GetProperty("force_refresh").GetBoolean().Should().BeFalse("the CLI never forces a refresh");
    }

    [Fact]
    public async Task TokenSourceWechat_Readable_PrintsTokenAndExpiry()
    {
        var (exitCode, stdout, stderr) = await RunAsync(WechatEnv(), WechatArgs());

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        stdout.Split('\t')[0].Should().Be(_emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        stdout.Should().Contain(WechatTokenEmulator.DefaultAppId).And.Contain("expires");
    }

    [Fact]
    public async Task TokenSourceWechat_WrongAppSecret_UpstreamFailureOneLineWithErrcodeAndNoSecret()
    {
        const string Wrong = "fake-wrong-app-secret-for-tests";
        var (exitCode, stdout, stderr) = await RunAsync(new() { [CliEnvironment.AppSecret] = Wrong }, WechatArgs());

        exitCode.Should().Be(CliExitCodes.UpstreamFailure);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("error:").And.Contain("errcode 40125").And.NotContain(Wrong);
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task TokenSourceWechat_MissingAppSecret_NamesOnlyThatVariable()
    {
        var (exitCode, _, stderr) = await RunAsync(new(), WechatArgs());

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().Contain(CliEnvironment.AppSecret).And.NotContain(CliEnvironment.AccessKeyId).And.NotContain(CliEnvironment.AccessKeySecret);
        _emulator.TotalRequestCount.Should().Be(0);
    }

    [Theory]
    [InlineData("--brand", "authing")]
    [InlineData("--auth", "management-token")]
    [InlineData("--endpoint", "/api/v3/get-wechat-access-token")]
    public async Task TokenSourceWechat_GenAuthOnlyOption_RefusedSayingWhy(string option, string value)
    {
        var (exitCode, stdout, stderr) = await RunAsync(WechatEnv(), WechatArgs(option, value));

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("error: " + option).And.Contain("--source genauth only");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
        _emulator.TotalRequestCount.Should().Be(0);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("http://api.weixin.qq.com/")]
    public async Task TokenSourceWechat_BadHost_ConfigurationError(string host)
    {
        var (exitCode, _, stderr) = await RunAsync(WechatEnv(), ["token", "--source", "wechat", "--app-id", WechatTokenEmulator.DefaultAppId, "--host", host]);

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().StartWith("error:").And.Contain("https");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task TokenSourceWechat_UnknownSourceWord_RefusedWithoutRepeatingIt()
    {
        var (exitCode, _, stderr) = await RunAsync(WechatEnv(), ["token", "--source", "fake-typed-secret-value-0001", "--app-id", WechatTokenEmulator.DefaultAppId]);

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().NotContain("fake-typed-secret-value-0001");
    }

    [Fact]
    public async Task TokenSourceGenAuth_IsTheDefaultAndStillNeedsTheAccessKey()
    {
        var (exitCode, _, stderr) = await RunAsync(WechatEnv(), TokenArgs());

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().Contain(CliEnvironment.AccessKeyId);
    }
}
