using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// The bad-input table: caller arguments, configuration and upstream answers. Each case must give a clear typed
/// error, leave the cache unpoisoned (a following good call succeeds) and leak no secret.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed partial class BadInputTests(ReliabilityFixture fixture)
{
    private static readonly string TenMegabytes = new('a', 10 * 1024 * 1024);
    private readonly ReliabilityFixture _fixture = fixture;

    private static readonly Dictionary<string, (string? AppId, string? AppSecret, string ParamName)> CredentialCases = new()
    {
        ["app id null"] = (null, TestSecrets.AppSecret, "appId"),
        ["app id empty"] = (string.Empty, TestSecrets.AppSecret, "appId"),
        ["app id whitespace"] = ("   ", TestSecrets.AppSecret, "appId"),
        ["app id with newline"] = (TestSecrets.AppId + "\n", TestSecrets.AppSecret, "appId"),
        ["app id with NUL"] = ("wx\0" + TestSecrets.AppId, TestSecrets.AppSecret, "appId"),
        ["app id with inner space"] = ("wx0000 0000rel00001", TestSecrets.AppSecret, "appId"),
        ["app id 10 MB"] = (TenMegabytes, TestSecrets.AppSecret, "appId"),
        ["app id non-ASCII"] = ("wx微信小程序00001", TestSecrets.AppSecret, "appId"),
        ["app secret null"] = (TestSecrets.AppId, null, "appSecret"),
        ["app secret empty"] = (TestSecrets.AppId, string.Empty, "appSecret"),
        ["app secret whitespace"] = (TestSecrets.AppId, "\t \t", "appSecret"),
        ["app secret with trailing newline"] = (TestSecrets.AppId, TestSecrets.AppSecret + "\r\n", "appSecret"),
        ["app secret with escape character"] = (TestSecrets.AppId, TestSecrets.AppSecret + "\u001b[0m", "appSecret"),
        ["app secret 10 MB"] = (TestSecrets.AppId, TestSecrets.AppSecret + TenMegabytes, "appSecret"),
        ["app secret non-ASCII"] = (TestSecrets.AppId, TestSecrets.AppSecret + "密钥", "appSecret"),
        ["app secret with zero-width space"] = (TestSecrets.AppId, TestSecrets.AppSecret + "\u200b", "appSecret"),
    };

    public static TheoryData<string> CredentialCaseNames() => [.. CredentialCases.Keys];

    [Theory]
    [MemberData(nameof(CredentialCaseNames))]
    public async Task WechatAppCredentials_BadArgument_ArgumentExceptionNamingParameterThenGoodCallSucceeds(string name)
    {
        var (appId, appSecret, paramName) = CredentialCases[name];
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);

        var act = () => new WechatAppCredentials(appId!, appSecret!);

        var failure = act.Should().Throw<ArgumentException>().Which;
        failure.ParamName.Should().Be(paramName);
        (appId is null || appSecret is null ? failure is ArgumentNullException : failure.GetType() == typeof(ArgumentException))
            .Should().BeTrue("null is an ArgumentNullException, a bad value an ArgumentException");
        failure.Message.Length.Should().BeLessThan(400, "the message must not echo a 10 MB value");
        emulator.TotalRequestCount.Should().Be(0, "nothing is sent for invalid credentials");
        await AssertRecoversAsync(stack, failure, emulator);
    }

    [Fact]
    public async Task GetAccessTokenAsync_NullCredentials_ArgumentNullExceptionThenGoodCallSucceeds()
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);

        var act = async () => await stack.Provider.GetAccessTokenAsync(null!);

        (await act.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("credentials");
        emulator.TotalRequestCount.Should().Be(0);
        await AssertRecoversAsync(stack, new ArgumentNullException("credentials"), emulator);
    }

    [Fact]
    public async Task GetAccessTokenAsync_AlreadyCancelled_OperationCanceledThenGoodCallSucceeds()
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);

        var act = async () => await stack.GetAsync(cancellationToken: new CancellationToken(canceled: true));

        var failure = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        emulator.TotalRequestCount.Should().Be(0);
        await AssertRecoversAsync(stack, failure, emulator);
    }

    [Fact]
    public async Task GetAccessTokenAsync_CancelledWhileUpstreamIsSlow_OnlyThisCallerCancelledThenGoodCallSucceeds()
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);
        emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromMilliseconds(300)), 1, GenAuthPath);
        using var cancel = new CancellationTokenSource();
        var patient = stack.GetAsync().AsTask();
        var impatient = stack.GetAsync(cancellationToken: cancel.Token).AsTask();

        await cancel.CancelAsync();

        var failure = (await impatient.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>()).Which;
        (await patient).ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);
        emulator.RequestCount(GenAuthPath).Should().Be(1, "one shared fetch");
        await AssertRecoversAsync(stack, failure, emulator, goodTokenCachedBefore: true);
    }

    [Theory]
    [InlineData("unknown app id", "wx0000000000nobody", TestSecrets.AppSecret, 400, 400002)]
    [InlineData("wrong app secret", TestSecrets.AppId, TestSecrets.OtherAppSecret, 400, 400003)]
    public async Task GetAccessTokenAsync_CredentialsGenAuthRejects_UpstreamErrorAndRightCredentialsStillWork(
        string name, string appId, string appSecret, int statusCode, int apiCode)
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);

        var act = async () => await stack.GetAsync(new WechatAppCredentials(appId, appSecret));

        var failure = (await act.Should().ThrowExactlyAsync<WechatTokenException>(name)).Which;
        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.IsTransient.Should().BeFalse();
        failure.StatusCode.Should().Be(statusCode);
        failure.ApiCode.Should().Be(apiCode);
        failure.RequestId.Should().NotBeNullOrEmpty();
        failure.Message.Should().Contain(appId);
        await AssertRecoversAsync(stack, failure, emulator);
    }

    [Fact]
    public async Task GetAccessTokenAsync_WrongSecretForCachedApp_NeverGetsCachedToken()
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);
        var good = await stack.GetAsync();

        var act = async () => await stack.GetAsync(new WechatAppCredentials(TestSecrets.AppId, TestSecrets.OtherAppSecret));

        var failure = (await act.Should().ThrowExactlyAsync<WechatTokenException>()).Which;
        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        (await stack.GetAsync()).Should().BeSameAs(good);
        await AssertRecoversAsync(stack, failure, emulator, goodTokenCachedBefore: true);
    }

    [Fact]
    public async Task GetAccessTokenAsync_WrongAccessKeySecret_UpstreamError401ThenFixedConfigurationWorks()
    {
        var emulator = _fixture.CleanEmulator();
        await using (var wrong = Stack.GenAuth(emulator, o => o.AccessKeySecret = "fake-wrong-access-key-secret-0009"))
        {
            var act = async () => await wrong.GetAsync();
            var failure = (await act.Should().ThrowExactlyAsync<WechatTokenException>()).Which;
            failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
            failure.StatusCode.Should().Be(401);
            failure.ApiCode.Should().Be(EmulatorApiCodes.SignatureMismatch);
            failure.Message.Should().NotContain("fake-wrong-access-key-secret-0009");
            foreach (var text in wrong.LogTexts())
            {
                text.Should().NotContain("fake-wrong-access-key-secret-0009");
            }

            await using var right = Stack.GenAuth(emulator);
            await AssertRecoversAsync(right, failure, emulator);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AddWechatAccessToken_BadAppName_ArgumentException(string? appName)
    {
        var services = new ServiceCollection();

        var act = () => services.AddHttpClient("wechat-api").AddWechatAccessToken(appName!);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("appName");
        ReliabilityFigures.BadInputCase();
    }

    [Fact]
    public async Task AppTokenProvider_UnknownAppName_ConfigurationErrorListingConfiguredAppsWithoutSecrets()
    {
        var emulator = _fixture.CleanEmulator();
        await using var stack = Stack.GenAuth(emulator);
        var tokens = stack.Services.GetRequiredService<IWechatAppTokenProvider>();

        var act = async () => await tokens.GetAccessTokenAsync("official");

        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.Kind.Should().Be(WechatTokenErrorKind.Configuration);
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Contain("mini").And.Contain("Wechat:Apps:official:AppId");
        await AssertRecoversAsync(stack, failure, emulator);
    }
}
