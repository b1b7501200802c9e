using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>The adapter composed through DI exactly as an application does, with a stub primary handler (or real loopback HTTP).</summary>
internal sealed class GenAuthTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GenAuthTestHost(ServiceProvider services, StubHttpMessageHandler? stub, FakeTimeProvider? time)
    {
        _services = services;
        Stub = stub!;
        Time = time!;
    }

    public StubHttpMessageHandler Stub { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public IWechatTokenProvider Provider => _services.GetRequiredService<IWechatTokenProvider>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public GenAuthManagementTokenCache ManagementTokens => _services.GetRequiredService<GenAuthManagementTokenCache>();

    /// <param name="configure">Options on top of the test defaults (loopback host, fake keys, no retry delay).</param>
    /// <param name="useStub">Replace the primary handlers with a stub (no network at all).</param>
    /// <param name="fakeTime">Register a <see cref="FakeTimeProvider"/> at <see cref="TestData.Now"/> (else the system clock).</param>
    /// <param name="more">More services (e.g. <c>AddMetrics()</c>).</param>
    public static GenAuthTestHost Create(Action<GenAuthOptions>? configure = null, bool useStub = true, bool fakeTime = true, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        more?.Invoke(services);
        services.AddFakeLogging(o => o.OutputSink = null);
        FakeTimeProvider? time = null;
        if (fakeTime)
        {
            time = new FakeTimeProvider(TestData.Now);
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddWechatTokenProvider().UseGenAuth(o =>
        {
            o.Host = "https://127.0.0.1:9";
            o.AccessKeyId = TestData.AccessKeyId;
            o.AccessKeySecret = TestData.AccessKeySecret;
            o.RetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });

        StubHttpMessageHandler? stub = null;
        if (useStub)
        {
            stub = new StubHttpMessageHandler();
            services.AddHttpClient(GenAuthDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
            services.AddHttpClient(GenAuthDefaults.ManagementTokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        }

        return new GenAuthTestHost(services.BuildServiceProvider(validateScopes: true), stub, time);
    }

    public ValueTask<WechatAccessToken> GetAsync(CancellationToken cancellationToken = default) =>
        Provider.GetAccessTokenAsync(TestData.Credentials, cancellationToken);

    public async Task<WechatTokenException> FailAsync()
    {
        var act = async () => await GetAsync();
        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.Upstream.Should().Be(WechatTokenSource.GenAuth);
        AssertNoSecrets(failure.Message);
        AssertNoSecrets(failure.ToString());
        AssertNoSecretsInLogs();
        return failure;
    }

    public void AssertNoSecretsInLogs()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            AssertNoSecrets(record.Message);
            AssertNoSecrets(record.Exception?.ToString() ?? string.Empty);
        }
    }

    public static void AssertNoSecrets(string text)
    {
        foreach (var secret in TestData.Secrets)
        {
            text.Should().NotContain(secret);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
