using BenchmarkDotNet.Attributes;
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
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace GenAuth.Hexagonal.Benchmarks;

/// <summary>
/// A token read from Redis by an instance whose in-process cache is cold (every call goes to Redis): our tier (one Lua round
/// trip: value, PTTL, AES-GCM open) beside FusionCache with the same Redis as L2 (memory reads skipped) and HybridCache with
/// <c>Microsoft.Extensions.Caching.StackExchangeRedis</c> (local reads disabled). Baseline: a bare <c>GET</c> of the same
/// number of bytes, the physical floor. One local redis-server, started by the benchmark.
/// </summary>
[MemoryDiagnoser]
public class RedisHitBenchmarks
{
    private readonly WechatAppCredentials _credentials = BenchmarkData.CreateCredentials();
    private BenchmarkRedis? _redis;
    private ConnectionMultiplexer? _connection;
    private IDatabase? _database;
    private RedisWechatTokenProvider? _ours;
    private FakeWechatTokenProvider _upstream = null!;
    private FusionCache? _fusion;
    private FusionCacheEntryOptions _fusionL2Only = null!;
    private Func<FusionCacheFactoryExecutionContext<WechatAccessToken>, CancellationToken, Task<WechatAccessToken>> _fusionFactory = null!;
    private ServiceProvider? _hybridServices;
    private HybridCache? _hybrid;
    private HybridCacheEntryOptions _hybridL2Only = null!;
    private string _stringKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redis = BenchmarkRedis.Start();
        if (_redis is null)
        {
            return;
        }

        _stringKey = BenchmarkData.StringKey(_credentials);
        _upstream = new FakeWechatTokenProvider();
        _upstream.Respond((c, _) => ValueTask.FromResult(BenchmarkData.CreateToken(c)));
        _connection = _redis.Connect();
        _database = _connection.GetDatabase();
        _database.StringSet("bare:" + _stringKey, new string('x', 200));

        _ours = new RedisWechatTokenProvider(_upstream, RedisWechatTokenDefaults.GenAuthSourceKind, _connection, Options.Create(new RedisWechatTokenOptions()));
        BenchmarkData.Result(_ours.GetAccessTokenAsync(_credentials));

        _fusion = new FusionCache(new FusionCacheOptions { DefaultEntryOptions = new FusionCacheEntryOptions { Duration = BenchmarkData.TokenLifetime } });
        _fusion.SetupDistributedCache(
            new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(_connection) })),
            new FusionCacheSystemTextJsonSerializer());
        _fusionL2Only = new FusionCacheEntryOptions { Duration = BenchmarkData.TokenLifetime, SkipMemoryCacheRead = true };
        var upstream = _upstream;
        var credentials = _credentials;
        _fusionFactory = (_, ct) => upstream.GetAccessTokenAsync(credentials, ct).AsTask();
        _fusion.GetOrSet<WechatAccessToken>(_stringKey, (_, ct) => upstream.GetAccessTokenAsync(credentials, ct).AsTask().GetAwaiter().GetResult());

        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(_connection));
        services.AddHybridCache();
        _hybridServices = services.BuildServiceProvider();
        _hybrid = _hybridServices.GetRequiredService<HybridCache>();
        _hybridL2Only = new HybridCacheEntryOptions { Expiration = BenchmarkData.TokenLifetime, Flags = HybridCacheEntryFlags.DisableLocalCacheRead };
        HybridRead().GetAwaiter().GetResult();

        var before = _upstream.CallCount;
        OursRedisHit().GetAwaiter().GetResult();
        FusionCacheRedisL2Hit().GetAwaiter().GetResult();
        HybridCacheRedisL2Hit().GetAwaiter().GetResult();
        if (_upstream.CallCount != before)
        {
            throw new InvalidOperationException("A measured call missed Redis: the benchmark would not measure a Redis hit.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _fusion?.Dispose();
        _hybridServices?.Dispose();
        _connection?.Dispose();
        _redis?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> BareRedisGet() =>
        _database is null ? 0 : (await _database.StringGetAsync("bare:" + _stringKey).ConfigureAwait(false)).ToString().Length;

    [Benchmark]
    public async Task<int> OursRedisHit() =>
        _ours is null ? 0 : (await _ours.GetAccessTokenAsync(_credentials).ConfigureAwait(false)).Value.Length;

    [Benchmark]
    public async Task<int> FusionCacheRedisL2Hit() =>
        _fusion is null ? 0 : (await _fusion.GetOrSetAsync<WechatAccessToken>(_stringKey, _fusionFactory, _fusionL2Only).ConfigureAwait(false)).Value.Length;

    [Benchmark]
    public async Task<int> HybridCacheRedisL2Hit() => _hybrid is null ? 0 : await HybridRead().ConfigureAwait(false);

    private async Task<int> HybridRead()
    {
        var cached = await _hybrid!.GetOrCreateAsync(
            _stringKey,
            this,
            static async (self, ct) => new HybridCachedToken(await self._upstream.GetAccessTokenAsync(self._credentials, ct).ConfigureAwait(false)),
            _hybridL2Only).ConfigureAwait(false);
        return cached.Token.Value.Length;
    }
}
