using GenAuth.Hexagonal.DependencyInjection.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

/// <summary>The builder's slots: a source per app, the tier and the cache, composed in a fixed order; contradictions fail at registration.</summary>
public class WechatTokenProviderBuilderTests
{
    private const string OfficialAppId = "wx0000000000official";
    private const string OfficialSecret = "fake-app-secret-for-tests-official";

    [Fact]
    public async Task TwoSources_AppsRoutedByConfiguration_EachAppServedByItsSourceThroughItsOwnCache()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        emulator.AddApp(OfficialAppId, OfficialSecret);
        var configuration = EmulatorConfiguration(emulator, new()
        {
            ["Wechat:Apps:oa:AppId"] = OfficialAppId,
            ["Wechat:Apps:oa:AppSecret"] = OfficialSecret,
            ["Wechat:Apps:oa:Source"] = "Wechat",
        });
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .AddCaching()                                        // order of calls does not matter
            .UseGenAuth(configuration.GetSection("GenAuth"))     // the first source added is the default
            .UseWechat(configuration.GetSection("Wechat"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();

        var mini = await tokens.GetAccessTokenAsync("mini");
        var oa = await tokens.GetAccessTokenAsync("oa");
        var miniAgain = await tokens.GetAccessTokenAsync("MINI");
        var oaAgain = await tokens.GetAccessTokenAsync("oa");

        mini.Value.Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        oa.Value.Should().Be(emulator.CurrentWechatToken(OfficialAppId));
        miniAgain.Should().BeSameAs(mini);
        oaAgain.Should().BeSameAs(oa);
        emulator.RequestCount("/api/v3/get-weixin-access-token").Should().Be(1, "mini is served by GenAuth, once, then from the cache");
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1, "oa is served by WeChat's stable_token, once, then from the cache");
    }

    [Fact]
    public async Task TwoSources_CredentialsBuiltInCode_RoutedByAppIdElseToTheDefault()
    {
        var genAuth = new CountingProvider("genauth");
        var wechat = new CountingProvider("wechat");
        var services = new ServiceCollection();
        services.AddWechatTokenProvider()
            .AddSource("GenAuth", _ => genAuth)
            .AddSource("Wechat", _ => wechat)
            .UseDefaultSource("Wechat")
            .AddApp("oa", a => { a.AppId = OfficialAppId; a.AppSecret = OfficialSecret; a.Source = "GenAuth"; });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatTokenProvider>();

        var configured = await tokens.GetAccessTokenAsync(new WechatAppCredentials(OfficialAppId, OfficialSecret));
        var adHoc = await tokens.GetAccessTokenAsync(new WechatAppCredentials("wx1234567890abcdef", "fake-app-secret-for-tests-0001"));

        configured.Value.Should().StartWith("genauth-token-" + OfficialAppId);
        adHoc.Value.Should().StartWith("wechat-token-wx1234567890abcdef");
        (genAuth.Calls, wechat.Calls).Should().Be((1, 1));
    }

    [Fact]
    public async Task Slots_CalledInAnyOrder_ComposeCacheThenTierThenSource()
    {
        var calls = new List<string>();
        var services = new ServiceCollection();
        var builder = services.AddWechatTokenProvider();
        builder.UseCache("Recording", (_, layer) => new Layer("cache", layer, calls))
            .UseSharedTier("Recording", (_, layer) => new Layer("tier", layer, calls));
        builder.UseProvider("Fake", new CountingProvider("fake"));
        await using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IWechatTokenProvider>()
            .GetAccessTokenAsync(new WechatAppCredentials("wx1234567890abcdef", "fake-app-secret-for-tests-0001"));

        token.Value.Should().StartWith("fake-token-");
        calls.Should().Equal("cache over tier (Fake)", "tier over CountingProvider (Fake)");
    }

    [Fact]
    public void Startup_SourceNoAppUses_IsNotValidatedAndIsReportedOnce()
    {
        // GenAuth is fully configured; the WeChat source is registered with an invalid host but no app uses it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:AccessKeyId"] = "fake-access-key-id",
            ["GenAuth:AccessKeySecret"] = "fake-access-key-secret-0001",
            ["Wechat:Host"] = "http://api.weixin.qq.com/", // plain http to a public host: invalid
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = "fake-app-secret-for-tests-0001",
        }).Build();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .UseGenAuth(configuration.GetSection("GenAuth"))
            .UseWechat(configuration.GetSection("Wechat"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message)
            .Should().ContainSingle().Which.Should().Contain("'Wechat' is registered but no app uses it");
        logs.GetSnapshot().Select(r => r.Message).Should().Contain(m => m.Contains("GenAuth (default): mini", StringComparison.Ordinal));
    }

    [Fact]
    public void Startup_AppRoutedToTheSecondSource_ValidatesThatSourceAndNamesItsKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:AccessKeyId"] = "fake-access-key-id",
            ["GenAuth:AccessKeySecret"] = "fake-access-key-secret-0001",
            ["Wechat:Host"] = "http://api.weixin.qq.com/",
            ["Wechat:Apps:oa:AppId"] = OfficialAppId,
            ["Wechat:Apps:oa:AppSecret"] = OfficialSecret,
            ["Wechat:Apps:oa:Source"] = "Wechat",
        }).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .UseGenAuth(configuration.GetSection("GenAuth"))
            .UseWechat(configuration.GetSection("Wechat"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Wechat:Host*")
            .Which.Message.Should().NotContain("GenAuth:", "the GenAuth source is configured correctly");
    }

    [Fact]
    public void Startup_AppNamesAnUnregisteredSource_NamesTheKeyAndHowToRegister()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Fake", new CountingProvider("fake"))
            .AddApp("oa", a => { a.AppId = OfficialAppId; a.AppSecret = OfficialSecret; a.Source = "Wechat"; });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("*Wechat:Apps:oa:Source names the token source 'Wechat', which is not registered (registered: Fake)*UseWechat*");
    }

    [Fact]
    public void Startup_OneAppIdOwnedByTwoSources_Fails()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider()
            .AddSource("GenAuth", _ => new CountingProvider("genauth"))
            .AddSource("Wechat", _ => new CountingProvider("wechat"))
            .AddApp("mini", a => { a.AppId = OfficialAppId; a.AppSecret = OfficialSecret; })
            .AddApp("same", a => { a.AppId = OfficialAppId; a.AppSecret = OfficialSecret; a.Source = "Wechat"; });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*same app id*exactly one token owner*")
            .Which.Message.Should().NotContain(OfficialSecret);
    }

    [Fact]
    public void Register_GenAuthBoundFromTwoSections_FailsAtOnceSayingWhatToDo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var builder = new ServiceCollection().AddWechatTokenProvider().UseGenAuth(configuration.GetSection("GenAuth"));

        var act = () => builder.UseGenAuth(configuration.GetSection("Tenants:GenAuth"));

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("*'GenAuth' and then with 'Tenants:GenAuth'*one GenAuth source per container*UseWechat(...)*Wechat:Apps:{name}:Source = Wechat*");
    }

    [Fact]
    public void Register_WechatBoundFromTwoSections_FailsAtOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var builder = new ServiceCollection().AddWechatTokenProvider().UseWechat(configuration.GetSection("Wechat"));

        var act = () => builder.UseWechat(configuration.GetSection("Other"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*one WeChat source per container*UseGenAuth(...)*");
    }

    [Fact]
    public void Register_TwoDefaults_FailsAtOnceSayingHowToRouteOneApp()
    {
        var builder = new ServiceCollection().AddWechatTokenProvider()
            .AddSource("GenAuth", _ => new CountingProvider("genauth"))
            .AddSource("Wechat", _ => new CountingProvider("wechat"))
            .UseDefaultSource("GenAuth");

        var act = () => builder.UseDefaultSource("Wechat");

        act.Should().Throw<InvalidOperationException>().WithMessage("*already 'GenAuth'*UseSourceFor(appName, \"Wechat\")*");
    }

    [Fact]
    public void Register_OneAppRoutedToTwoSources_FailsAtOnce()
    {
        var builder = new ServiceCollection().AddWechatTokenProvider().UseSourceFor("oa", "Wechat");

        var act = () => builder.UseSourceFor("OA", "GenAuth");

        act.Should().Throw<InvalidOperationException>().WithMessage("*'oa' is routed to 'Wechat' already*exactly one token owner*");
    }

    [Fact]
    public void Register_TwoDifferentCaches_FailsAtOnce()
    {
        var builder = new ServiceCollection().AddWechatTokenProvider().AddCaching();

        var act = () => builder.UseCache("Other", (_, layer) => layer.Inner);

        act.Should().Throw<InvalidOperationException>().WithMessage("*in-process cache slot holds 'Memory' already*");
    }

    [Fact]
    public async Task UseProvider_AfterUseGenAuth_SwapsTheDefaultSoTestsNeedNoGenAuthConfiguration()
    {
        var fake = new CountingProvider("fake");
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseGenAuth(_ => { }).AddCaching().UseProvider("Fake", fake);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate(); // GenAuth, unconfigured, is not in use
        var token = await provider.GetRequiredService<IWechatTokenProvider>()
            .GetAccessTokenAsync(new WechatAppCredentials("wx1234567890abcdef", "fake-app-secret-for-tests-0001"));

        token.Value.Should().StartWith("fake-token-");
        fake.Calls.Should().Be(1);
    }

    private static IConfigurationRoot EmulatorConfiguration(WechatTokenEmulator emulator, Dictionary<string, string?> extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["Wechat:Host"] = emulator.BaseAddress.ToString(),
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private sealed class Layer(string name, WechatTokenProviderLayerContext layer, List<string> calls) : IWechatTokenProvider
    {
        public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
        {
            calls.Add($"{name} over {(layer.Inner is Layer inner ? inner.Name : layer.Inner.GetType().Name)} ({layer.SourceName})");
            return layer.Inner.GetAccessTokenAsync(credentials, cancellationToken);
        }

        private string Name => name;
    }
}
