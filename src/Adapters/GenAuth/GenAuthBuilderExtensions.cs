using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal;

/// <summary>Uses the GenAuth (or Authing) server as the source of WeChat access tokens.</summary>
public static class GenAuthBuilderExtensions
{
    /// <summary>
    /// Gets tokens from GenAuth, configured in code. Registers <see cref="GenAuthOptions"/> (validated at start-up),
    /// the named <see cref="HttpClient"/> <see cref="GenAuthDefaults.HttpClientName"/> with retries, a per-attempt
    /// timeout and request authentication, and <see cref="GenAuthWechatTokenProvider"/> as the source. Calling it again
    /// adds the configuration and keeps one registration.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddWechatTokenProvider()</c>.</param>
    /// <param name="configure">Sets the options; read <see cref="GenAuthOptions.AccessKeySecret"/> from configuration, never from a literal.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder UseGenAuth(this WechatTokenProviderBuilder builder, Action<GenAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<GenAuthOptions>().Configure(configure);
        GenAuthRegistration.Register(builder, null);
        return builder;
    }

    /// <summary>
    /// Gets tokens from GenAuth, configured from a configuration section (usually
    /// <c>configuration.GetSection("GenAuth")</c>, see <see cref="GenAuthDefaults.SectionName"/>) with the keys of
    /// <see cref="GenAuthOptions"/>: <c>Host</c>, <c>AccessKeyId</c>, <c>AccessKeySecret</c>, <c>Brand</c>, <c>Auth</c>,
    /// <c>Endpoint</c>, <c>TenantId</c>, <c>Lang</c>, <c>Timeout</c>, <c>TotalTimeout</c>, <c>MaxRetryAttempts</c>,
    /// <c>RetryDelay</c>, <c>IncludeAppIdInTelemetry</c>. Reloads of the section are followed: the next fetch uses the last valid
    /// values (see <see cref="GenAuthOptions"/> for the two that need a restart); an invalid reload is logged and ignored.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddWechatTokenProvider()</c>.</param>
    /// <param name="genAuthSection">The configuration section.</param>
    /// <returns>The builder.</returns>
    public static WechatTokenProviderBuilder UseGenAuth(this WechatTokenProviderBuilder builder, IConfiguration genAuthSection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(genAuthSection);
        builder.Services.AddOptions<GenAuthOptions>().Bind(genAuthSection);
        GenAuthRegistration.Register(builder, (genAuthSection as IConfigurationSection)?.Path);
        return builder;
    }
}
