using System.Diagnostics;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// Bounded load through the real stack (DI, cache, GenAuth adapter, signed loopback HTTP, emulator): a cold stampede
/// over 1,000 apps from every core, then millions of hits. Zero errors; upstream calls exactly one per app.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int AppCount = 1_000;
    private const long TargetHits = 10_000_000;
    private static readonly TimeSpan TimeCap = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GetAccessTokenAsync_MillionsOfHitsOverThousandApps_ZeroErrorsOneUpstreamCallPerApp()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        TestSecrets.Register(emulator);
        var apps = Enumerable.Range(0, AppCount)
            .Select(i => new WechatAppCredentials($"wx{i:D16}", $"fake-load-app-secret-{i:D6}"))
            .ToArray();
        foreach (var app in apps)
        {
            emulator.AddApp(app.AppId, app.AppSecret);
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddWechatTokenProvider()
            .UseGenAuth(o =>
            {
                o.Host = emulator.BaseAddress.ToString();
                o.AccessKeyId = TestSecrets.AccessKeyId;
                o.AccessKeySecret = TestSecrets.AccessKeySecret;
                o.RetryDelay = TimeSpan.Zero;
            })
            .AddCaching();
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<IWechatTokenProvider>();
        var threads = Math.Max(2, Environment.ProcessorCount);
        var perThread = TargetHits / threads;
        long hits = 0;
        long errors = 0;
        using var start = new ManualResetEventSlim();
        var stopwatch = new Stopwatch();

        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            start.Wait();
            long done = 0;
            long failed = 0;
            var offset = t * (AppCount / threads);
            for (long i = 0; i < perThread; i++)
            {
                if ((i & 0xFFFF) == 0 && stopwatch.Elapsed > TimeCap)
                {
                    break;
                }

                var app = apps[(int)((i + offset) % AppCount)];
                try
                {
                    var call = tokens.GetAccessTokenAsync(app);
                    var token = call.IsCompletedSuccessfully ? call.Result : await call;
                    if (token.Value.Length == 0)
                    {
                        failed++;
                    }
                }
                catch (Exception)
                {
                    failed++;
                }

                done++;
            }

            Interlocked.Add(ref hits, done);
            Interlocked.Add(ref errors, failed);
        })).ToArray();
        stopwatch.Start();
        start.Set();
        await Task.WhenAll(workers);
        stopwatch.Stop();

        var upstream = emulator.RequestCount(GenAuthDefaults.WeixinAccessTokenEndpoint);
        ReliabilityFigures.Load(hits, errors, AppCount, upstream, stopwatch.Elapsed, threads);
        output.WriteLine($"{hits:N0} hits, {errors} errors, {upstream} upstream calls, {stopwatch.Elapsed.TotalSeconds:F1} s on {threads} threads");
        errors.Should().Be(0);
        hits.Should().BeGreaterThanOrEqualTo(1_000_000, "millions of hits within the time cap");
        upstream.Should().Be(AppCount, "one upstream call per app: single flight on the cold start, cache hits after");
        foreach (var app in apps)
        {
            (await tokens.GetAccessTokenAsync(app)).Value.Should().Be(emulator.CurrentWechatToken(app.AppId), "each app gets its own token");
        }
    }
}
