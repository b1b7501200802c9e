using BenchmarkDotNet.Attributes;
using GenAuth.Hexagonal.Benchmarks.Infrastructure;
using GenAuth.Hexagonal.Benchmarks.Peers;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace GenAuth.Hexagonal.Benchmarks;

/// <summary>
/// 1,000 concurrent callers ask for the token of one app whose cache is cold (a new cache per iteration);
/// the upstream takes about a millisecond (<c>await Task.Delay(1)</c>) and counts its calls. Reports the time
/// until every caller has its token and, in the "Upstream calls" column, how many fetches reached the upstream.
/// The baseline is the naive <see cref="IMemoryCache"/> decorator without single-flight.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ColdStampedeConfig))]
[InvocationCount(1)] // one cold stampede per iteration: [IterationSetup] builds a new, empty cache before each
public class ColdStampedeBenchmarks
{
    /// <summary>Concurrent callers per stampede.</summary>
    public const int Callers = 1_000;

    private readonly WechatAppCredentials _credentials = BenchmarkData.CreateCredentials();
    private readonly Task<WechatAccessToken>[] _callers = new Task<WechatAccessToken>[Callers];
    private string _stringKey = null!;
    private FakeWechatTokenProvider _upstream = null!;
    private string? _ranCase;

    private MemoryCache? _memoryCache;
    private IWechatTokenProvider? _naive;
    private IWechatTokenProvider? _ours;
    private ServiceProvider? _oursServices;
    private FusionCache? _fusionCache;
    private Func<FusionCacheFactoryExecutionContext<WechatAccessToken>, CancellationToken, Task<WechatAccessToken>>? _fusionFactory;
    private ServiceProvider? _hybridServices;
    private HybridCache? _hybridCache;
    private SemaphoreDictionaryTokenProvider? _semaphoreDictionary;

    [GlobalSetup]
    public void Setup() => _stringKey = BenchmarkData.StringKey(_credentials);

    [IterationSetup]
    public void IterationSetup()
    {
        _ranCase = null;
        _upstream = new FakeWechatTokenProvider();
        _upstream.Respond(static async (credentials, cancellationToken) =>
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return BenchmarkData.CreateToken(credentials);
        });

        _memoryCache = new MemoryCache(new MemoryCacheOptions());
        _naive = new NaiveMemoryCacheTokenProvider(_memoryCache, _upstream);
        (_ours, _oursServices) = OurProvider.Create(_upstream);
        _fusionCache = new FusionCache(new FusionCacheOptions
        {
            DefaultEntryOptions = new FusionCacheEntryOptions { Duration = BenchmarkData.TokenLifetime },
        });
        var upstream = _upstream;
        var credentials = _credentials;
        _fusionFactory = (_, cancellationToken) => upstream.GetAccessTokenAsync(credentials, cancellationToken).AsTask();
        _hybridServices = new ServiceCollection()
            .AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = BenchmarkData.TokenLifetime,
                LocalCacheExpiration = BenchmarkData.TokenLifetime,
            })
            .Services.BuildServiceProvider();
        _hybridCache = _hybridServices.GetRequiredService<HybridCache>();
        _semaphoreDictionary = new SemaphoreDictionaryTokenProvider(_upstream);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        if (_ranCase is not null)
        {
            UpstreamCallLog.Record(UpstreamCallsColumn.CaseId(typeof(ColdStampedeBenchmarks), _ranCase), _upstream.CallCount);
        }

        _memoryCache?.Dispose();
        _oursServices?.Dispose();
        _fusionCache?.Dispose();
        _hybridServices?.Dispose();
        _semaphoreDictionary?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<WechatAccessToken[]> NaiveMemoryCache()
    {
        _ranCase = nameof(NaiveMemoryCache);
        return Stampede(_naive!);
    }

    [Benchmark]
    public Task<WechatAccessToken[]> Ours()
    {
        _ranCase = nameof(Ours);
        return Stampede(_ours!);
    }

    [Benchmark]
    public Task<WechatAccessToken[]> FusionCacheGetOrSet()
    {
        _ranCase = nameof(FusionCacheGetOrSet);
        for (var i = 0; i < _callers.Length; i++)
        {
            _callers[i] = _fusionCache!.GetOrSetAsync<WechatAccessToken>(_stringKey, _fusionFactory!).AsTask();
        }

        return Task.WhenAll(_callers);
    }

    [Benchmark]
    public Task<WechatAccessToken[]> HybridCacheGetOrCreate()
    {
        _ranCase = nameof(HybridCacheGetOrCreate);
        for (var i = 0; i < _callers.Length; i++)
        {
            _callers[i] = Unwrap(_hybridCache!.GetOrCreateAsync(
                _stringKey,
                this,
                static async (self, cancellationToken) => new HybridCachedToken(
                    await self._upstream.GetAccessTokenAsync(self._credentials, cancellationToken).ConfigureAwait(false))));
        }

        return Task.WhenAll(_callers);
    }

    [Benchmark]
    public Task<WechatAccessToken[]> SemaphoreDictionary()
    {
        _ranCase = nameof(SemaphoreDictionary);
        return Stampede(_semaphoreDictionary!);
    }

    private static async Task<WechatAccessToken> Unwrap(ValueTask<HybridCachedToken> pending) =>
        (await pending.ConfigureAwait(false)).Token;

    private Task<WechatAccessToken[]> Stampede(IWechatTokenProvider provider)
    {
        for (var i = 0; i < _callers.Length; i++)
        {
            _callers[i] = provider.GetAccessTokenAsync(_credentials).AsTask();
        }

        return Task.WhenAll(_callers);
    }
}
