using GenAuth.Hexagonal.Adapters.Caching.Internal;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class WechatTokenCachingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        WechatTokenCachingOptionsValidator.Instance.Validate(null, new WechatTokenCachingOptions()).Succeeded.Should().BeTrue();
    }

    public static TheoryData<string, Action<WechatTokenCachingOptions>> InvalidCases => new()
    {
        { "Wechat:Caching:MaxRefreshAhead", o => o.MaxRefreshAhead = TimeSpan.FromSeconds(-1) },
        { "Wechat:Caching:MaxSafetyMargin", o => o.MaxSafetyMargin = TimeSpan.FromMinutes(6) },
        { "Wechat:Caching:SizeLimit", o => o.SizeLimit = 0 },
        { "Wechat:Caching:RefreshRetryDelay", o => o.RefreshRetryDelay = TimeSpan.Zero },
        { "Wechat:Caching:RefreshRetryMaxDelay", o => o.RefreshRetryMaxDelay = TimeSpan.FromMilliseconds(500) },
        { "Wechat:Caching:RefreshRetryJitter", o => o.RefreshRetryJitter = 1.5 },
        { "Wechat:Caching:RefreshRetryJitter", o => o.RefreshRetryJitter = double.NaN },
        { "Wechat:Caching:FailureRetention", o => o.FailureRetention = TimeSpan.Zero },
        { "Wechat:Caching:FailureRetention", o => o.FailureRetention = TimeSpan.FromDays(2) },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidValue_FailsNamingTheConfigurationKey(string key, Action<WechatTokenCachingOptions> breakIt)
    {
        var options = new WechatTokenCachingOptions();
        breakIt(options);

        var result = WechatTokenCachingOptionsValidator.Instance.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(key);
    }

    [Fact]
    public void Defaults_FailureRetentionIsFiveMinutes()
    {
        new WechatTokenCachingOptions().FailureRetention.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void SectionName_MatchesTheDependencyInjectionDefault()
    {
        WechatTokenCachingOptionsValidator.SectionName.Should().Be(WechatTokenProviderDefaults.CachingSectionName);
    }
}
