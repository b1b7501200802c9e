using GenAuth.Hexagonal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

public class WechatTokenProviderServiceCollectionExtensionsTests
{
    private const string Secret = "fake-app-secret-for-tests-0001";

    [Fact]
    public void AddWechatTokenProvider_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();

        services.AddWechatTokenProvider();
        services.AddWechatTokenProvider();

        services.Count(d => d.ServiceType == typeof(IWechatTokenProvider)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IWechatAppCatalog)).Should().Be(1);
    }

    [Fact]
    public void AddWechatTokenProvider_NullServices_Throws()
    {
        var act = () => WechatTokenProviderServiceCollectionExtensions.AddWechatTokenProvider(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void StartupValidation_NoSource_SaysWhatToCall()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*UseGenAuth(...)*UseWechat(...)*");
    }

    [Fact]
    public async Task UseProvider_ResolvesTheSource()
    {
        var source = new ConstantProvider();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Constant", source);
        await using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IWechatTokenProvider>()
            .GetAccessTokenAsync(new WechatAppCredentials("wx1234567890abcdef", Secret));

        token.Value.Should().Be("constant-token-for-tests");
        source.Calls.Should().Be(1);
    }

    [Fact]
    public void AddWechatTokenProvider_KeepsTheApplicationsTimeProvider()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);

        services.AddWechatTokenProvider();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);
    }

    [Fact]
    public void AddWechatTokenProvider_RegistersSystemClockWhenNoneIsRegistered()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider();

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void Catalog_FromConfiguration_BuildsEachCredentialsOnce()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = Secret,
            ["Wechat:Apps:official:AppId"] = "wxfedcba0987654321",
            ["Wechat:Apps:official:AppSecret"] = "fake-app-secret-for-tests-0002",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var catalog = provider.GetRequiredService<IWechatAppCatalog>();

        catalog.AppNames.Should().BeEquivalentTo("mini", "official");
        catalog.TryGetCredentials("MINI", out var first).Should().BeTrue();
        catalog.TryGetCredentials("mini", out var second).Should().BeTrue();
        first.Should().BeSameAs(second);
        first!.AppId.Should().Be("wx1234567890abcdef");
        provider.GetRequiredService<IWechatAppCatalog>().Should().BeSameAs(catalog);
    }

    [Fact]
    public void StartupValidation_MissingSecret_NamesTheKey()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef" });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Wechat:Apps:mini:AppSecret is missing*");
    }

    [Fact]
    public void StartupValidation_SecretWithTrailingNewline_NamesTheKeyWithoutEchoingTheSecret()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = Secret + "\n",
        });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var exception = act.Should().Throw<OptionsValidationException>().Which;
        exception.Message.Should().Contain("Wechat:Apps:mini:AppSecret is invalid").And.Contain("trim").And.NotContain(Secret);
    }

    [Fact]
    public void StartupValidation_MissingAppId_NamesTheKey()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppSecret"] = Secret });

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Wechat:Apps:mini:AppId is missing*")
            .Which.Message.Should().NotContain(Secret);
    }

    [Fact]
    public void AddApp_InCode_IsInTheCatalog()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseProvider("Constant", new ConstantProvider())
            .AddApp("mini", app => { app.AppId = "wx1234567890abcdef"; app.AppSecret = Secret; });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        provider.GetRequiredService<IWechatAppCatalog>().TryGetCredentials("mini", out var credentials).Should().BeTrue();
        credentials!.AppSecret.Should().Be(Secret);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseProvider("Constant", new ConstantProvider());
        return services.BuildServiceProvider();
    }

    private sealed class ConstantProvider : IWechatTokenProvider
    {
        public int Calls { get; private set; }

        public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromResult(new WechatAccessToken("constant-token-for-tests", DateTimeOffset.UtcNow.AddHours(2)));
        }
    }
}
