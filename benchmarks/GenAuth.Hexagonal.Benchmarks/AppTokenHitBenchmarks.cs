using BenchmarkDotNet.Attributes;
using GenAuth.Hexagonal.Benchmarks.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Benchmarks;

/// <summary>
/// One thread, one configured app, a warm cache: the by-name call (<see cref="IWechatAppTokenProvider"/>, what the README's
/// quick start uses) beside the credentials call it resolves to. Target for both: at most 0.5x a bare
/// <see cref="MemoryCache.TryGetValue(object, out object?)"/>, 0 B.
/// </summary>
[MemoryDiagnoser]
public class AppTokenHitBenchmarks
{
    private const string AppName = "mini";
    private readonly MemoryCache _memoryCache = new(new MemoryCacheOptions());
    private readonly WechatAppCredentials _credentials = BenchmarkData.CreateCredentials();
    private WechatCredentialsKey _key = null!;
    private WechatAccessToken _token = null!;
    private FakeWechatTokenProvider _upstream = null!;
    private ServiceProvider _services = null!;
    private IWechatTokenProvider _byCredentials = null!;
    private IWechatAppTokenProvider _byName = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = _credentials.Key;
        _token = BenchmarkData.CreateToken(_credentials);
        _memoryCache.Set(_key, _token);

        _upstream = new FakeWechatTokenProvider();
        _upstream.EnqueueToken(_token);
        var services = new ServiceCollection();
        services.AddWechatTokenProvider()
            .UseProvider("Fake", _upstream)
            .AddCaching()
            .AddApp(AppName, app => { app.AppId = _credentials.AppId; app.AppSecret = _credentials.AppSecret; });
        _services = services.BuildServiceProvider();
        _byName = _services.GetRequiredService<IWechatAppTokenProvider>();
        _byCredentials = _services.GetRequiredService<IWechatTokenProvider>();
        if (!ReferenceEquals(ByName(), _token))
        {
            throw new InvalidOperationException("The by-name call did not return the cached token after warming up.");
        }

        // The credentials call needs the catalog's own instance to hit the same entry (the key includes the secret's fingerprint).
        _services.GetRequiredService<IWechatAppCatalog>().TryGetCredentials(AppName, out var configured);
        _credentialsOfTheApp = configured!;
        if (!ReferenceEquals(ByCredentials(), _token))
        {
            throw new InvalidOperationException("The credentials call did not return the cached token.");
        }
    }

    private WechatAppCredentials _credentialsOfTheApp = null!;

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _memoryCache.Dispose();
        if (_upstream.CallCount != 1)
        {
            throw new InvalidOperationException($"The upstream was called {_upstream.CallCount} times, not once: a measured call missed the cache.");
        }
    }

    [Benchmark(Baseline = true)]
    public WechatAccessToken? BareMemoryCache() =>
        _memoryCache.TryGetValue(_key, out WechatAccessToken? token) ? token : null;

    [Benchmark]
    public WechatAccessToken ByCredentials() => BenchmarkData.Result(_byCredentials.GetAccessTokenAsync(_credentialsOfTheApp));

    [Benchmark]
    public WechatAccessToken ByName() => BenchmarkData.Result(_byName.GetAccessTokenAsync(AppName));
}
