using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>The library composed through DI exactly as an application does, against the emulator, logging at Trace into a FakeLogCollector.</summary>
internal sealed class Stack : IAsyncDisposable
{
    private Stack(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public IWechatTokenProvider Provider => Services.GetRequiredService<IWechatTokenProvider>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static Stack GenAuth(
        WechatTokenEmulator emulator,
        Action<GenAuthOptions>? configure = null,
        bool caching = true,
        Action<IServiceCollection>? more = null)
    {
        var services = NewServices();
        var builder = services.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Host = emulator.BaseAddress.ToString();
            o.AccessKeyId = TestSecrets.AccessKeyId;
            o.AccessKeySecret = TestSecrets.AccessKeySecret;
            o.MaxRetryAttempts = 0;
            o.RetryDelay = TimeSpan.Zero;
            o.Timeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        return Finish(builder, caching, more);
    }

    public static Stack Wechat(
        WechatTokenEmulator emulator,
        Action<WechatApiOptions>? configure = null,
        bool caching = true,
        Action<IServiceCollection>? more = null)
    {
        var services = NewServices();
        var builder = services.AddWechatTokenProvider().UseWechat(o =>
        {
            o.Host = emulator.BaseAddress;
            o.Timeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        return Finish(builder, caching, more);
    }

    public static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging(o => o.OutputSink = null);
        return services;
    }

    /// <summary>What every stack shares: the "mini" app, optional caching, extra services, then the provider.</summary>
    private static Stack Finish(WechatTokenProviderBuilder builder, bool caching, Action<IServiceCollection>? more)
    {
        builder.AddApp("mini", a => { a.AppId = TestSecrets.AppId; a.AppSecret = TestSecrets.AppSecret; });
        if (caching)
        {
            builder.AddCaching();
        }

        more?.Invoke(builder.Services);
        return Build(builder.Services);
    }

    public static Stack Build(IServiceCollection services)
    {
        var provider = ((ServiceCollection)services).BuildServiceProvider(validateScopes: true);
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return new Stack(provider);
    }

    public ValueTask<WechatAccessToken> GetAsync(WechatAppCredentials? credentials = null, CancellationToken cancellationToken = default) =>
        Provider.GetAccessTokenAsync(credentials ?? TestSecrets.Credentials, cancellationToken);

    /// <summary>Every log line: the formatted message, the exception with its chain, and each structured value.</summary>
    public IEnumerable<string> LogTexts()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            yield return record.Message;
            if (record.Exception is not null)
            {
                foreach (var text in LeakScanner.ExceptionTexts(record.Exception))
                {
                    yield return text;
                }
            }

            foreach (var (key, value) in record.StructuredState ?? [])
            {
                yield return key + "=" + value;
            }
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
