using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>
/// The library composed through DI as an application does, configured from configuration keys (so a key a version
/// does not know is simply ignored), logging at Trace into a <see cref="FakeLogCollector"/>.
/// </summary>
internal sealed class Stacks : IAsyncDisposable
{
    private Stacks(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public IWechatTokenProvider Provider => Services.GetRequiredService<IWechatTokenProvider>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Everything logged so far, as (source, text) pairs.</summary>
    public IEnumerable<(string Source, string? Text)> LogTexts => Texts.Of(Logs);

    /// <summary>A GenAuth source (AK/SK signing, no retries unless <paramref name="settings"/> say so) pointed at <paramref name="host"/>.</summary>
    public static Stacks GenAuth(Uri host, IDictionary<string, string?>? settings = null, bool caching = true, Action<IServiceCollection>? more = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = host.ToString(),
            ["GenAuth:AccessKeyId"] = Secrets.AccessKeyId,
            ["GenAuth:AccessKeySecret"] = Secrets.AccessKeySecret,
            ["GenAuth:MaxRetryAttempts"] = "0",
            ["GenAuth:RetryDelay"] = "00:00:00",
            ["GenAuth:Timeout"] = "00:00:05",
        };
        Merge(values, settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = NewServices();
        var builder = services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseGenAuth(configuration.GetSection("GenAuth"));
        return Finish(builder, caching, more);
    }

    /// <summary>A WeChat source (stable_token unless <c>Wechat:Endpoint</c> says otherwise) pointed at <paramref name="host"/>.</summary>
    public static Stacks Wechat(Uri host, IDictionary<string, string?>? settings = null, bool caching = true, Action<IServiceCollection>? more = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Wechat:Host"] = host.ToString(),
            ["Wechat:Timeout"] = "00:00:05",
        };
        Merge(values, settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = NewServices();
        var builder = services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseWechat(configuration.GetSection("Wechat"));
        return Finish(builder, caching, more);
    }

    public static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging(o => o.OutputSink = null);
        return services;
    }

    public ValueTask<WechatAccessToken> GetAsync(CancellationToken cancellationToken = default) =>
        Provider.GetAccessTokenAsync(Secrets.Credentials, cancellationToken);

    /// <summary>Fetches and returns the failure; fails the test when the fetch succeeds.</summary>
    public async Task<WechatTokenException> FailAsync()
    {
        try
        {
            var token = await GetAsync();
            throw new Xunit.Sdk.XunitException($"Expected a WechatTokenException, but got a token that expires at {token.ExpiresAt:O}.");
        }
        catch (WechatTokenException ex)
        {
            return ex;
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private static Stacks Finish(WechatTokenProviderBuilder builder, bool caching, Action<IServiceCollection>? more)
    {
        builder.AddApp("mini", a => { a.AppId = Secrets.AppId; a.AppSecret = Secrets.AppSecret; });
        if (caching)
        {
            builder.AddCaching();
        }

        more?.Invoke(builder.Services);
        var provider = builder.Services.BuildServiceProvider(validateScopes: true);
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new Stacks(provider);
    }

    private static void Merge(Dictionary<string, string?> values, IDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
    }
}
