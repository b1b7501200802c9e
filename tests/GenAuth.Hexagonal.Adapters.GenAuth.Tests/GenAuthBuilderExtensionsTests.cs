using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

public class GenAuthBuilderExtensionsTests
{
    [Fact]
    public void UseGenAuth_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddWechatTokenProvider();

        FluentActions.Invoking(() => GenAuthBuilderExtensions.UseGenAuth(null!, _ => { })).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => builder.UseGenAuth((Action<GenAuthOptions>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => builder.UseGenAuth((IConfiguration)null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void UseGenAuth_CalledTwice_RegistersClientsAndValidatorOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseGenAuth(o => o.AccessKeyId = TestData.AccessKeyId);
        services.AddWechatTokenProvider().UseGenAuth(o => o.AccessKeySecret = TestData.AccessKeySecret);

        services.Count(d => d.ServiceType == typeof(IGenAuthApi)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IGenAuthManagementApi)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<GenAuthOptions>)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<GenAuthOptions>>().Value;
        options.AccessKeyId.Should().Be(TestData.AccessKeyId);
        options.AccessKeySecret.Should().Be(TestData.AccessKeySecret);
        provider.GetRequiredService<IWechatTokenProvider>().Should().BeOfType<GenAuthWechatTokenProvider>();
    }

    [Fact]
    public void UseGenAuth_InvalidOptions_FailsStartupValidationNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseGenAuth(o => { o.AccessKeyId = TestData.AccessKeyId; o.Host = "http://genauth.example"; });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.StartsWith("GenAuth:AccessKeySecret is missing", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("GenAuth:Host must use https", StringComparison.Ordinal));
    }

    [Fact]
    public void UseGenAuth_NamedHttpClient_HasEffectiveHostAsBaseAddress()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Brand = GenAuthBrand.Authing;
            o.AccessKeyId = TestData.AccessKeyId;
            o.AccessKeySecret = TestData.AccessKeySecret;
        });
        using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(GenAuthDefaults.HttpClientName);

        client.BaseAddress.Should().Be(new Uri("https://api.authing.cn/"));
        GenAuthDefaults.HttpClientName.Should().Be("GenAuth.Hexagonal.GenAuth");
    }
}
