using System.Globalization;
using System.Text;

namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>The suite's figures, added to by the tests and printed once at the end of the run.</summary>
internal static class ReliabilityFigures
{
    private static long _badInputCases;
    private static long _faultsInjected;
    private static long _faultsSurvived;
    private static long _callsServedDuringFaults;
    private static long _callsFailedDuringFaults;
    private static long _loadHits;
    private static long _loadErrors;
    private static long _loadApps;
    private static long _loadUpstreamCalls;
    private static long _loadMilliseconds;
    private static int _loadThreads;
    private static long _leakScenarios;
    private static long _leakStringsScanned;
    private static long _leaksFound;
    private static long _propertyCases;

    public static void BadInputCase() => Interlocked.Increment(ref _badInputCases);

    public static void FaultsInjected(int count) => Interlocked.Add(ref _faultsInjected, count);

    public static void FaultSurvived() => Interlocked.Increment(ref _faultsSurvived);

    public static void CallsDuringFaults(long served, long failed)
    {
        Interlocked.Add(ref _callsServedDuringFaults, served);
        Interlocked.Add(ref _callsFailedDuringFaults, failed);
    }

    public static void Load(long hits, long errors, int apps, long upstreamCalls, TimeSpan elapsed, int threads)
    {
        Interlocked.Exchange(ref _loadHits, hits);
        Interlocked.Exchange(ref _loadErrors, errors);
        Interlocked.Exchange(ref _loadApps, apps);
        Interlocked.Exchange(ref _loadUpstreamCalls, upstreamCalls);
        Interlocked.Exchange(ref _loadMilliseconds, (long)elapsed.TotalMilliseconds);
        Interlocked.Exchange(ref _loadThreads, threads);
    }

    public static void LeakScan(int scenarios, long stringsScanned, int leaks)
    {
        Interlocked.Add(ref _leakScenarios, scenarios);
        Interlocked.Add(ref _leakStringsScanned, stringsScanned);
        Interlocked.Add(ref _leaksFound, leaks);
    }

    public static void PropertyCase() => Interlocked.Increment(ref _propertyCases);

    public static string Summary()
    {
        var ms = Interlocked.Read(ref _loadMilliseconds);
        var hits = Interlocked.Read(ref _loadHits);
        var perSecond = ms > 0 ? hits * 1000.0 / ms : 0;
        var builder = new StringBuilder();
        builder.AppendLine("GenAuth.Hexagonal reliability summary");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  bad input   : {Interlocked.Read(ref _badInputCases)} cases tried, each a typed error, cache not poisoned, no secret");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  faults      : {Interlocked.Read(ref _faultsInjected)} faults injected, {Interlocked.Read(ref _faultsSurvived)} scenarios survived; {Interlocked.Read(ref _callsServedDuringFaults)} calls served from cache during outages, {Interlocked.Read(ref _callsFailedDuringFaults)} failed");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  load        : {hits:N0} hits on {Volatile.Read(ref _loadThreads)} threads over {Interlocked.Read(ref _loadApps):N0} apps in {ms / 1000.0:F1} s = {perSecond:N0} hits/s; {Interlocked.Read(ref _loadErrors)} errors; {Interlocked.Read(ref _loadUpstreamCalls):N0} upstream calls");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  secret leaks: {Interlocked.Read(ref _leakScenarios)} scenarios, {Interlocked.Read(ref _leakStringsScanned):N0} strings scanned, {Interlocked.Read(ref _leaksFound)} leaks found");
        builder.Append(CultureInfo.InvariantCulture, $"  properties  : {Interlocked.Read(ref _propertyCases)} generated cases");
        return builder.ToString();
    }
}
