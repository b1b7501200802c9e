using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>
/// The "Upstream calls" column: how many times the upstream was called per iteration (one cold stampede),
/// shown as one number when every iteration agreed, else as <c>min-max</c>.
/// </summary>
internal sealed class UpstreamCallsColumn : IColumn
{
    public string Id => nameof(UpstreamCallsColumn);

    public string ColumnName => "Upstream calls";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Upstream fetches per cold stampede (per iteration; min-max when iterations differ)";

    /// <summary>The key a benchmark case records its counts under: class and method name.</summary>
    public static string CaseId(Type benchmarkType, string methodName) => benchmarkType.Name + "." + methodName;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var counts = UpstreamCallLog.Read(CaseId(benchmarkCase.Descriptor.Type, benchmarkCase.Descriptor.WorkloadMethod.Name));
        if (counts.Count == 0)
        {
            return "?";
        }

        var min = counts.Min();
        var max = counts.Max();
        return min == max
            ? min.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{min}-{max}");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
