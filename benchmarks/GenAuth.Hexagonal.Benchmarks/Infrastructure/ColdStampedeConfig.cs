using BenchmarkDotNet.Configs;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>Adds the <see cref="UpstreamCallsColumn"/> to the cold-stampede summary.</summary>
internal sealed class ColdStampedeConfig : ManualConfig
{
    public ColdStampedeConfig() => AddColumn(new UpstreamCallsColumn());
}
