using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

public class GenAuthOptionsValidatorTests
{
    private static GenAuthOptions Valid() => new() { AccessKeyId = TestData.AccessKeyId, AccessKeySecret = TestData.AccessKeySecret };

    private static IEnumerable<string> Failures(GenAuthOptions options) =>
        new GenAuthOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        new GenAuthOptionsValidator().Validate(null, Valid()).Succeeded.Should().BeTrue();
        var defaults = new GenAuthOptions();
        defaults.GetEffectiveHost().Should().Be(new Uri("https://api.genauth.ai/"));
        defaults.Endpoint.Should().Be("/api/v3/get-weixin-access-token");
        defaults.Lang.Should().Be("zh-CN");
        defaults.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        defaults.TotalTimeout.Should().Be(TimeSpan.FromSeconds(30));
        defaults.Auth.Should().Be(GenAuthAuthentication.Signature);
        new GenAuthOptions { Brand = GenAuthBrand.Authing }.GetEffectiveHost().Should().Be(new Uri("https://api.authing.cn/"));
    }

    [Fact]
    public void Validate_MissingKeys_NameTheConfigurationKeys()
    {
        Failures(new GenAuthOptions()).Should().Contain(f => f.StartsWith("GenAuth:AccessKeyId is missing", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("GenAuth:AccessKeySecret is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SecretWithTrailingNewline_SaysSoWithoutEchoingIt()
    {
        var options = Valid();
        options.AccessKeySecret = TestData.AccessKeySecret + "\n";

        var failure = Failures(options).Should().ContainSingle().Which;

        failure.Should().StartWith("GenAuth:AccessKeySecret").And.Contain("trim").And.NotContain(TestData.AccessKeySecret);
    }

    [Theory]
    [InlineData("http://api.genauth.ai", "https")]
    [InlineData("http://10.0.0.1:8080", "https")]
    [InlineData("ftp://api.genauth.ai", "absolute https")]
    [InlineData("api.genauth.ai", "absolute https")]
    [InlineData("https://user:pass@api.genauth.ai", "user name or password")]
    [InlineData("https://api.genauth.ai/?x=1", "query")]
    public void Validate_BadHost_NamesGenAuthHost(string host, string hint)
    {
        var options = Valid();
        options.Host = host;

        var failure = Failures(options).Should().ContainSingle().Which;

        failure.Should().StartWith("GenAuth:Host").And.Contain(hint).And.NotContain("pass@");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.1.2.3")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("http://localhost:5000")]
    [InlineData("https://genauth.internal.example")]
    public void Validate_HttpsOrLoopbackHttp_Succeeds(string host)
    {
        var options = Valid();
        options.Host = host;

        Failures(options).Should().BeEmpty();
    }

    [Theory]
    [InlineData(nameof(GenAuthOptions.Endpoint), "GenAuth:Endpoint")]
    [InlineData(nameof(GenAuthOptions.Lang), "GenAuth:Lang")]
    [InlineData(nameof(GenAuthOptions.Timeout), "GenAuth:Timeout")]
    [InlineData(nameof(GenAuthOptions.TotalTimeout), "GenAuth:TotalTimeout")]
    [InlineData("TotalTimeoutBelowTimeout", "GenAuth:TotalTimeout")]
    [InlineData(nameof(GenAuthOptions.MaxRetryAttempts), "GenAuth:MaxRetryAttempts")]
    [InlineData(nameof(GenAuthOptions.RetryDelay), "GenAuth:RetryDelay")]
    [InlineData(nameof(GenAuthOptions.Brand), "GenAuth:Brand")]
    [InlineData(nameof(GenAuthOptions.Auth), "GenAuth:Auth")]
    [InlineData(nameof(GenAuthOptions.TenantId), "GenAuth:TenantId")]
    public void Validate_BadValue_NamesTheKey(string property, string key)
    {
        var options = Valid();
        switch (property)
        {
            case nameof(GenAuthOptions.Endpoint): options.Endpoint = "/api/v3/get-something-else"; break;
            case nameof(GenAuthOptions.Lang): options.Lang = "fr-FR"; break;
            case nameof(GenAuthOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(GenAuthOptions.TotalTimeout): options.TotalTimeout = TimeSpan.FromMinutes(11); break;
            case "TotalTimeoutBelowTimeout": options.Timeout = TimeSpan.FromSeconds(20); options.TotalTimeout = TimeSpan.FromSeconds(10); break;
            case nameof(GenAuthOptions.MaxRetryAttempts): options.MaxRetryAttempts = 11; break;
            case nameof(GenAuthOptions.RetryDelay): options.RetryDelay = TimeSpan.FromSeconds(-1); break;
            case nameof(GenAuthOptions.Brand): options.Brand = (GenAuthBrand)7; break;
            case nameof(GenAuthOptions.Auth): options.Auth = (GenAuthAuthentication)7; break;
            case nameof(GenAuthOptions.TenantId): options.TenantId = "ten ant"; break;
        }

        Failures(options).Should().ContainSingle().Which.Should().StartWith(key);
    }

    [Theory]
    [InlineData("/api/v3/get-weixin-access-token")]
    [InlineData("/api/v3/get-wechat-access-token")]
    [InlineData("/api/v3/get-wechat-access-token-info")]
    public void Validate_KnownEndpoint_Succeeds(string endpoint)
    {
        var options = Valid();
        options.Endpoint = endpoint;

        Failures(options).Should().BeEmpty();
    }

    [Fact]
    public void UseGenAuth_MissingSecretInConfiguration_FailsAtResolveNamingKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GenAuth:AccessKeyId"] = TestData.AccessKeyId, ["GenAuth:Lang"] = "en-US" })
            .Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseGenAuth(configuration.GetSection("GenAuth"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IWechatTokenProvider>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*GenAuth:AccessKeySecret is missing*");
    }
}
