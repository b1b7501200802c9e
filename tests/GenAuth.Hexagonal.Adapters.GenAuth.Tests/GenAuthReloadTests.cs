using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>
/// Secrets rotated without a restart (issue 14): the GenAuth options follow configuration reloads through
/// <c>LastValidOptionsMonitor</c>, over real loopback HTTP against the emulator, which refuses the old secret.
/// </summary>
public sealed class GenAuthReloadTests : IAsyncLifetime
{
    private const string RotatedSecret = "emulator-access-key-secret-rotated-0002";
    private const string TokenPath = GenAuthDefaults.WeixinAccessTokenEndpoint;
    private const string ManagementTokenPath = GenAuthDefaults.ManagementTokenEndpoint;
    private static readonly WechatAppCredentials App = new(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);
    private WechatTokenEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await WechatTokenEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData(GenAuthAuthentication.Signature)]
    [InlineData(GenAuthAuthentication.ManagementToken)]
    public async Task AccessKeySecretRotated_NextFetchUsesTheNewSecretWithoutRestart(GenAuthAuthentication auth)
    {
        var (source, services) = Build(new() { ["GenAuth:Auth"] = auth.ToString() });
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatTokenProvider>();
        await tokens.GetAccessTokenAsync(App);

        // The secret is rotated at GenAuth: the emulator now refuses the old one.
        _emulator.AddAccessKey(WechatTokenEmulator.DefaultAccessKeyId, RotatedSecret, WechatTokenEmulator.DefaultUserPoolId);
        if (auth == GenAuthAuthentication.Signature)
        {
            var act = async () => await tokens.GetAccessTokenAsync(App);
            (await act.Should().ThrowAsync<WechatTokenException>()).Which.ApiCode.Should().Be(EmulatorApiCodes.SignatureMismatch, "the emulator refuses the old secret");
        }

        // ... and in configuration.
        _emulator.ResetCounters();
        source.Reload(new Dictionary<string, string?> { ["GenAuth:AccessKeySecret"] = RotatedSecret });
        var token = await tokens.GetAccessTokenAsync(App);

        token.Value.Should().Be(_emulator.CurrentWechatToken(App.AppId));
        if (auth == GenAuthAuthentication.ManagementToken)
        {
            // The management token held for the old key is dropped: one is fetched with the new secret.
            var management = _emulator.Requests.Should().ContainSingle(r => r.Path == ManagementTokenPath).Which;
            management.Body.Should().Contain(RotatedSecret);
            _emulator.Requests.Single(r => r.Path == TokenPath).Outcome.Should().Be("ok");
        }
        else
        {
            _emulator.Requests.Should().ContainSingle(r => r.Path == TokenPath).Which.Outcome.Should().Be("ok", "signed with the new secret");
        }
    }

    [Fact]
    public async Task AccessKeyIdRotated_ManagementTokenOfTheOldKeyDroppedAndTheNewKeyUsed()
    {
        var (source, services) = Build(new() { ["GenAuth:Auth"] = "ManagementToken" });
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatTokenProvider>();
        await tokens.GetAccessTokenAsync(App);
        _emulator.AddAccessKey("emulator-access-key-id-0002", RotatedSecret, "emulator-user-pool-0002");
        _emulator.ResetCounters();

        source.Reload(new Dictionary<string, string?>
        {
            ["GenAuth:AccessKeyId"] = "emulator-access-key-id-0002",
            ["GenAuth:AccessKeySecret"] = RotatedSecret,
        });
        await tokens.GetAccessTokenAsync(App);
        await tokens.GetAccessTokenAsync(App);

        var management = _emulator.Requests.Should().ContainSingle(r => r.Path == ManagementTokenPath, "one management token for the new key, then it is held").Which;
        management.Body.Should().Contain("emulator-access-key-id-0002");
        _emulator.Requests.Where(r => r.Path == TokenPath).Should().HaveCount(2)
            .And.OnlyContain(r => r.Headers["x-genauth-userpool-id"] == "emulator-user-pool-0002");
    }

    [Fact]
    public async Task InvalidReload_LastValidSecretStaysAndTheWarningNamesTheKeyNotTheValue()
    {
        var (source, services) = Build();
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatTokenProvider>();
        await tokens.GetAccessTokenAsync(App);

        const string Broken = "emulator-access-key-secret-broken-0003 "; // a trailing space: invalid
        source.Reload(new Dictionary<string, string?> { ["GenAuth:AccessKeySecret"] = Broken });
        _emulator.ResetCounters();
        await tokens.GetAccessTokenAsync(App);

        _emulator.Requests.Should().ContainSingle(r => r.Path == TokenPath).Which.Outcome.Should().Be("ok", "still signed with the last valid secret");
        var warning = services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning).Which;
        warning.Message.Should().Contain("GenAuth:AccessKeySecret").And.NotContain(Broken.Trim());

        // A valid reload after the invalid one is taken.
        _emulator.AddAccessKey(WechatTokenEmulator.DefaultAccessKeyId, RotatedSecret, WechatTokenEmulator.DefaultUserPoolId);
        source.Reload(new Dictionary<string, string?> { ["GenAuth:AccessKeySecret"] = RotatedSecret });
        await tokens.GetAccessTokenAsync(App);
        _emulator.Requests.Where(r => r.Path == TokenPath).Should().HaveCount(2).And.OnlyContain(r => r.Outcome == "ok");
    }

    [Fact]
    public async Task HostAndTimeoutsReloaded_NextFetchGoesToTheNewHostAndFetchBudgetFollows()
    {
        await using var other = await WechatTokenEmulator.StartAsync();
        var (source, services) = Build();
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatTokenProvider>();
        var info = tokens.Should().BeAssignableTo<IWechatTokenSourceInfo>().Which;
        info.FetchBudget.Should().Be(GenAuthDefaults.DefaultTotalTimeout);
        await tokens.GetAccessTokenAsync(App);

        source.Reload(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = other.BaseAddress.ToString(),
            ["GenAuth:TotalTimeout"] = "00:00:20",
        });
        var token = await tokens.GetAccessTokenAsync(App);

        token.Value.Should().Be(other.CurrentWechatToken(App.AppId));
        other.RequestCount(TokenPath).Should().Be(1);
        _emulator.RequestCount(TokenPath).Should().Be(1);
        info.FetchBudget.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RetryOptionsReloaded_WarnsThatARestartIsNeeded()
    {
        var (source, services) = Build();
        await using var _ = services;
        await services.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(App);

        source.Reload(new Dictionary<string, string?> { ["GenAuth:MaxRetryAttempts"] = "1" });

        services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1011)
            .Which.Message.Should().Contain("GenAuth:MaxRetryAttempts").And.Contain("restart");
    }

    [Fact]
    public async Task SourceInfo_GenAuthKindNeverRotatesAndNoRefresher()
    {
        var (_, services) = Build();
        await using var __ = services;

        var source = services.GetRequiredService<IWechatTokenProvider>();

        var info = source.Should().BeAssignableTo<IWechatTokenSourceInfo>().Which;
        info.TokenKind.Should().Be("genauth");
        info.RotatesOnFetch.Should().BeFalse();
        source.Should().NotBeAssignableTo<IWechatTokenRefresher>(
            "GenAuth cannot force a new token: a shared tier must not spend WeChat's force_refresh quota on a plain fetch");
    }

    [Fact]
    public void Registration_LastValidOptionsMonitorHoldsTheBoundValuesAndStartupValidationPasses()
    {
        var (_, services) = Build();
        using var __ = services;

        services.GetRequiredService<LastValidOptionsMonitor<GenAuthOptions>>().CurrentValue.AccessKeyId.Should().Be(WechatTokenEmulator.DefaultAccessKeyId);
        services.GetRequiredService<IStartupValidator>().Validate();
        _ = services.GetRequiredService<IWechatTokenProvider>();
    }

    private (ReloadableConfiguration Source, ServiceProvider Services) Build(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = _emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["GenAuth:MaxRetryAttempts"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var source = new ReloadableConfiguration(values);
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.OutputSink = null);
        services.AddWechatTokenProvider().UseGenAuth(configuration.GetSection("GenAuth"));
        return (source, services.BuildServiceProvider());
    }
}
