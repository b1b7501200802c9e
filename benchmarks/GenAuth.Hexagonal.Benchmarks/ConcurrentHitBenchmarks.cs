using BenchmarkDotNet.Attributes;
using GenAuth.Hexagonal.Benchmarks.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Benchmarks;

/// <summary>
/// Warm-cache throughput with 1 to <see cref="Environment.ProcessorCount"/> threads hammering one app
/// (every thread on the same entry) or many apps (each thread walks all of them from its own offset).
/// Each invocation performs <see cref="OperationsPerInvoke"/> lookups split evenly over the threads, so the
/// reported time is per lookup: with no lock on the hit path it drops as threads are added (up to the core count).
/// </summary>
[MemoryDiagnoser]
public class ConcurrentHitBenchmarks
{
    /// <summary>Lookups per invocation, shared among the threads.</summary>
    public const int OperationsPerInvoke = 1 << 20;

    private WechatAppCredentials[] _apps = null!;
    private WechatCredentialsKey[] _keys = null!;
    private MemoryCache _memoryCache = null!;
    private FakeWechatTokenProvider _upstream = null!;
    private IWechatTokenProvider _ours = null!;
    private ServiceProvider _oursServices = null!;
    private ParallelOptions _parallelOptions = null!;
    private long _found;

    /// <summary>Threads: 1, then powers of two, then the core count.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>Distinct apps in the cache and in the lookups.</summary>
    [Params(1, 1_000)]
    public int Apps { get; set; }

    public static IEnumerable<int> ThreadCounts()
    {
        var counts = new SortedSet<int> { 1, Environment.ProcessorCount };
        for (var n = 2; n < Environment.ProcessorCount; n *= 2)
        {
            counts.Add(n);
        }

        return counts;
    }

    [GlobalSetup]
    public void Setup()
    {
        _apps = BenchmarkData.CreateManyCredentials(Apps);
        _keys = [.. _apps.Select(a => a.Key)];
        _memoryCache = new MemoryCache(new MemoryCacheOptions());
        _upstream = new FakeWechatTokenProvider();
        (_ours, _oursServices) = OurProvider.Create(_upstream);
        foreach (var app in _apps)
        {
            var token = BenchmarkData.Result(_ours.GetAccessTokenAsync(app));
            _memoryCache.Set(app.Key, token);
        }

        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Threads };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oursServices.Dispose();
        _memoryCache.Dispose();
        if (_upstream.CallCount != Apps)
        {
            throw new InvalidOperationException($"The upstream was called {_upstream.CallCount} times for {Apps} apps: a measured call missed the cache.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OperationsPerInvoke)]
    public long BareMemoryCache()
    {
        Parallel.For(0, Threads, _parallelOptions, worker =>
        {
            var keys = _keys;
            var cache = _memoryCache;
            var index = Offset(worker, keys.Length);
            long found = 0;
            for (var i = OperationsPerInvoke / Threads; i > 0; i--)
            {
                if (cache.TryGetValue(keys[index], out WechatAccessToken? token) && token is not null)
                {
                    found++;
                }

                if (++index == keys.Length)
                {
                    index = 0;
                }
            }

            Interlocked.Add(ref _found, found);
        });
        return _found;
    }

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
    public long Ours()
    {
        Parallel.For(0, Threads, _parallelOptions, worker =>
        {
            var apps = _apps;
            var provider = _ours;
            var index = Offset(worker, apps.Length);
            long found = 0;
            for (var i = OperationsPerInvoke / Threads; i > 0; i--)
            {
                var pending = provider.GetAccessTokenAsync(apps[index]);
                if (BenchmarkData.Result(pending) is not null)
                {
                    found++;
                }

                if (++index == apps.Length)
                {
                    index = 0;
                }
            }

            Interlocked.Add(ref _found, found);
        });
        return _found;
    }

    private int Offset(int worker, int length) => (int)((long)worker * length / Threads);
}
