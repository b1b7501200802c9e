using GenAuth.Hexagonal.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>
/// Shared by every test of the suite (one collection, so tests run one after another and the load test has the
/// machine to itself): one loopback emulator on the system clock. When the collection ends it prints
/// <see cref="ReliabilityFigures.Summary"/> as an xunit diagnostic message (shown by <c>dotnet test</c>, see
/// xunit.runner.json), to the console, and to <c>reliability-summary.txt</c> in the test's bin folder.
/// </summary>
public sealed class ReliabilityFixture : IAsyncLifetime
{
    private readonly IMessageSink _sink;
    private WechatTokenEmulator? _emulator;

    public ReliabilityFixture(IMessageSink sink) => _sink = sink;

    public static string SummaryPath => Path.Combine(AppContext.BaseDirectory, "reliability-summary.txt");

    /// <summary>The shared emulator; tests reset its faults and counters before use.</summary>
    public WechatTokenEmulator Emulator => _emulator ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The shared emulator with no faults and zeroed counters.</summary>
    public WechatTokenEmulator CleanEmulator()
    {
        Emulator.ClearFaults();
        Emulator.ResetCounters();
        return Emulator;
    }

    public async Task InitializeAsync() => _emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync());

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        var summary = ReliabilityFigures.Summary();
        await File.WriteAllTextAsync(SummaryPath, summary + Environment.NewLine);
        _sink.OnMessage(new DiagnosticMessage(summary));
        Console.WriteLine(summary);
    }
}
