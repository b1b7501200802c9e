using System.Collections.Concurrent;
using System.Globalization;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>
/// Carries the upstream call counts of each benchmark iteration from the benchmark process (BenchmarkDotNet
/// runs every case in a child process) to the host process that prints the summary, through one small file
/// per benchmark case in a directory named by an environment variable that the child inherits.
/// </summary>
internal static class UpstreamCallLog
{
    /// <summary>The environment variable naming the directory; set by <c>Program</c> for the whole run.</summary>
    public const string DirectoryVariable = "GENAUTH_BENCHMARKS_UPSTREAM_CALLS_DIR";

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<int>> Counts = new(StringComparer.Ordinal);

    /// <summary>Gives this run (and the benchmark processes it starts) a fresh, empty directory.</summary>
    public static void PrepareForRun()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DirectoryVariable)))
        {
            var directory = Path.Combine(Path.GetTempPath(), "genauth-hexagonal-benchmarks", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            Environment.SetEnvironmentVariable(DirectoryVariable, directory);
        }
    }

    /// <summary>Records the upstream calls one iteration of <paramref name="caseId"/> made (called in the benchmark process).</summary>
    public static void Record(string caseId, int upstreamCalls)
    {
        var counts = Counts.GetOrAdd(caseId, static _ => new ConcurrentQueue<int>());
        counts.Enqueue(upstreamCalls);
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(directory) && Directory.Exists(directory))
        {
            File.WriteAllLines(PathOf(directory, caseId), counts.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The counts recorded for <paramref name="caseId"/>, from this process or from the file a child process wrote.</summary>
    public static IReadOnlyList<int> Read(string caseId)
    {
        if (Counts.TryGetValue(caseId, out var counts) && !counts.IsEmpty)
        {
            return [.. counts];
        }

        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return [];
        }

        var path = PathOf(directory, caseId);
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
            : [];
    }

    private static string PathOf(string directory, string caseId) => Path.Combine(directory, caseId + ".txt");
}
