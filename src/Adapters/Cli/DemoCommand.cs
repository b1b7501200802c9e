using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GenAuth.Hexagonal.Cli.Internal;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Cli;

/// <summary>
/// <c>genauth-wechat demo</c>: starts the loopback emulator and runs the real stack against it
/// (DI → caching decorator → GenAuth adapter → HTTP → the emulator's signature check). Needs no configuration.
/// </summary>
internal static class DemoCommand
{
    private const int HitCount = 1_000_000;
    private const int ConcurrentCallers = 1_000;
    private const string SecondAppId = "wx0000000000demo02";
    private const string SecondAppSecret = "demo-app-secret-not-real-0002";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instances = new Option<int>("--instances")
        {
            Description = "Also run N instances sharing tokens through the Redis tier (needs redis-server on the PATH; skipped without it).",
        };
        var command = new Command(
            "demo",
            "Run the whole stack against the built-in loopback emulator of GenAuth and WeChat. Needs no configuration.")
        {
            instances,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(stdout, stderr, parse.GetValue(instances), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter stdout, TextWriter stderr, int instances, CancellationToken cancellationToken)
    {
        if (instances is < 0 or > 64)
        {
            await stderr.WriteLineAsync("error: --instances must be between 0 and 64.").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        await using var emulator = await WechatTokenEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        emulator.AddApp(SecondAppId, SecondAppSecret);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddCliConsole(stderr, LogLevel.Warning));
        services.AddWechatTokenProvider()
            .UseGenAuth(options =>
            {
                options.Host = emulator.BaseAddress.ToString();
                options.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
                options.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            })
            .AddCaching()
            .AddApp("mini", app =>
            {
                app.AppId = WechatTokenEmulator.DefaultAppId;
                app.AppSecret = WechatTokenEmulator.DefaultAppSecret;
            })
            .AddApp("second", app =>
            {
                app.AppId = SecondAppId;
                app.AppSecret = SecondAppSecret;
            });

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatTokenProvider>();
        var catalog = provider.GetRequiredService<IWechatAppCatalog>();
        catalog.TryGetCredentials("mini", out var mini);
        catalog.TryGetCredentials("second", out var second);

        void Line(string text = "") => stdout.WriteLine(text);

        Line("GenAuth.Hexagonal demo: the real stack against the built-in emulator (nothing leaves 127.0.0.1)");
        Line($"  emulator            {emulator.BaseAddress}");
        Line("  stack               DI -> CachingWechatTokenProvider -> GenAuthWechatTokenProvider -> HTTP (AK/SK HMAC-SHA1 signed) -> emulator");
        Line();

        try
        {
            var stopwatch = Stopwatch.StartNew();
            var token = await tokens.GetAccessTokenAsync(mini!, cancellationToken).ConfigureAwait(false);
            var cold = stopwatch.Elapsed;
            var afterCold = emulator.TotalRequestCount;

            Line($"  token               {token.RedactedValue}  (redacted; `genauth-wechat token` prints a whole token)");
            Line($"  expires at          {token.ExpiresAt:yyyy-MM-dd HH:mm:ss}Z  (unix {token.ExpiresAtUnixSeconds}, in {(token.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds:F0} s)");
            Line($"  cold fetch          {Format(cold)}  ({afterCold} upstream request, signature verified by the emulator)");

            var hitTime = await MeasureHitsAsync(tokens, mini!, cancellationToken).ConfigureAwait(false);
            Line($"  cached hit          {hitTime.TotalNanoseconds / HitCount:F1} ns per call  (average of {HitCount:N0} calls, {emulator.TotalRequestCount - afterCold} upstream requests)");

            var before = emulator.TotalRequestCount;
            stopwatch.Restart();
            await StampedeAsync(tokens, second!, cancellationToken).ConfigureAwait(false);
            var stampede = stopwatch.Elapsed;
            Line($"  {ConcurrentCallers:N0} concurrent     {emulator.TotalRequestCount - before} upstream call for {ConcurrentCallers:N0} callers on a cold app, all served in {Format(stampede)}");
            Line();
            if (instances > 0)
            {
                await DemoFleet.RunAsync(instances, emulator, stdout, stderr, cancellationToken).ConfigureAwait(false);
                Line();
            }

            Line($"  upstream requests   {emulator.TotalRequestCount} in total");
            return CliExitCodes.Success;
        }
        catch (WechatTokenException ex)
        {
            await stderr.WriteLineAsync($"error: the demo failed: {CliOutput.Describe(ex)}").ConfigureAwait(false);
            return CliExitCodes.UpstreamFailure;
        }
    }

    private static async Task<TimeSpan> MeasureHitsAsync(
        IWechatTokenProvider tokens, WechatAppCredentials credentials, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10_000; i++)
        {
            await tokens.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < HitCount; i++)
        {
            var pending = tokens.GetAccessTokenAsync(credentials, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending.ConfigureAwait(false);
            }
        }

        return stopwatch.Elapsed;
    }

    private static async Task StampedeAsync(
        IWechatTokenProvider tokens, WechatAppCredentials credentials, CancellationToken cancellationToken)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, ConcurrentCallers).Select(async _ =>
        {
            await start.Task.ConfigureAwait(false);
            return await tokens.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(callers).ConfigureAwait(false);
        if (results.Distinct().Count() != 1)
        {
            throw new InvalidOperationException("The concurrent callers did not all receive the same token.");
        }
    }

    private static string Format(TimeSpan elapsed) =>
        elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}
