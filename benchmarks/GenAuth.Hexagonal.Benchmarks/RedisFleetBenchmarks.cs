using BenchmarkDotNet.Attributes;
using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.Redis;
using GenAuth.Hexagonal.Benchmarks.Infrastructure;
using GenAuth.Hexagonal.Benchmarks.Peers;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace GenAuth.Hexagonal.Benchmarks;

/// <summary>
/// A fleet simulation: <see cref="Instances"/> instances (each its own in-process cache and its own Redis connection, one
/// shared local redis-server) start cold and every instance asks for every one of <see cref="Apps"/> apps at once, the start
/// of a token lifetime; the upstream takes about a millisecond and counts its calls ("Upstream calls" column, per
/// iteration). Ours (in-process cache → Redis tier) beside HybridCache + Redis (L2) and FusionCache + Redis (L2 and
/// backplane), each instance built as its documentation shows. Baseline: HybridCache.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ColdStampedeConfig))]
[InvocationCount(1)]
public class RedisFleetBenchmarks
{
    private readonly List<IDisposable> _disposables = [];
    private readonly List<IAsyncDisposable> _asyncDisposables = [];
    private BenchmarkRedis? _redis;
    private WechatAppCredentials[] _apps = null!;
    private string[] _keys = null!;
    private FakeWechatTokenProvider _upstream = null!;
    private IWechatTokenProvider[] _ours = [];
    private HybridCache[] _hybrid = [];
    private FusionCache[] _fusion = [];
    private string? _ranCase;

    /// <summary>Instances in the fleet.</summary>
    [Params(4)]
    public int Instances { get; set; }

    /// <summary>Apps every instance needs.</summary>
    [Params(50)]
    public int Apps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = BenchmarkRedis.Start();
        _apps = BenchmarkData.CreateManyCredentials(Apps);
        _keys = [.. _apps.Select(BenchmarkData.StringKey)];
    }

    [GlobalCleanup]
    public void Cleanup() => _redis?.Dispose();

    [IterationSetup]
    public void IterationSetup()
    {
        _ranCase = null;
        _upstream = new FakeWechatTokenProvider();
        _upstream.Respond(static async (credentials, ct) =>
        {
            await Task.Delay(1, ct).ConfigureAwait(false);
            return BenchmarkData.CreateToken(credentials);
        });
        if (_redis is null)
        {
            return;
        }

        using (var admin = _redis.Connect(allowAdmin: true))
        {
            admin.GetDatabase().Execute("FLUSHALL");
        }

        var ours = new List<IWechatTokenProvider>();
        var hybrid = new List<HybridCache>();
        var fusion = new List<FusionCache>();
        for (var i = 0; i < Instances; i++)
        {
            var connection = _redis.Connect();
            _disposables.Add(connection);
            var tier = new RedisWechatTokenProvider(_upstream, RedisWechatTokenDefaults.GenAuthSourceKind, connection, Options.Create(new RedisWechatTokenOptions()));
            _asyncDisposables.Add(tier);
            var cache = new CachingWechatTokenProvider(tier, Options.Create(new WechatTokenCachingOptions()), "GenAuth");
            _disposables.Add(cache);
            ours.Add(cache);

            var services = new ServiceCollection();
            services.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connection));
            services.AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = BenchmarkData.TokenLifetime, LocalCacheExpiration = BenchmarkData.TokenLifetime });
            var provider = services.BuildServiceProvider();
            _disposables.Add(provider);
            hybrid.Add(provider.GetRequiredService<HybridCache>());

            var fusionCache = new FusionCache(new FusionCacheOptions { DefaultEntryOptions = new FusionCacheEntryOptions { Duration = BenchmarkData.TokenLifetime } });
            fusionCache.SetupDistributedCache(
                new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connection) })),
                new FusionCacheSystemTextJsonSerializer());
            fusionCache.SetupBackplane(new RedisBackplane(Options.Create(new RedisBackplaneOptions { Configuration = _redis.EndPoint })));
            _disposables.Add(fusionCache);
            fusion.Add(fusionCache);
        }

        _ours = [.. ours];
        _hybrid = [.. hybrid];
        _fusion = [.. fusion];
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        if (_ranCase is not null && _redis is not null)
        {
            UpstreamCallLog.Record(UpstreamCallsColumn.CaseId(typeof(RedisFleetBenchmarks), _ranCase), _upstream.CallCount);
        }

        foreach (var disposable in _asyncDisposables)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        _asyncDisposables.Clear();
        _disposables.Clear();
    }

    [Benchmark(Baseline = true)]
    public Task HybridCacheWithRedis()
    {
        _ranCase = nameof(HybridCacheWithRedis);
        return Task.WhenAll(_hybrid.SelectMany(cache => _apps.Select((app, i) => cache.GetOrCreateAsync(
            _keys[i], (Upstream: _upstream, App: app),
            static async (state, ct) => new HybridCachedToken(await state.Upstream.GetAccessTokenAsync(state.App, ct).ConfigureAwait(false))).AsTask())));
    }

    [Benchmark]
    public Task FusionCacheWithRedisAndBackplane()
    {
        _ranCase = nameof(FusionCacheWithRedisAndBackplane);
        return Task.WhenAll(_fusion.SelectMany(cache => _apps.Select((app, i) => cache.GetOrSetAsync<WechatAccessToken>(
            _keys[i], (_, ct) => _upstream.GetAccessTokenAsync(app, ct).AsTask()).AsTask())));
    }

    [Benchmark]
    public Task OursWithRedisTier()
    {
        _ranCase = nameof(OursWithRedisTier);
        return Task.WhenAll(_ours.SelectMany(provider => _apps.Select(app => provider.GetAccessTokenAsync(app).AsTask())));
    }
}
