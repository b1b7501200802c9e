using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GenAuth.Hexagonal.Benchmarks.Infrastructure;

// Run everything:   dotnet run -c Release --project benchmarks/GenAuth.Hexagonal.Benchmarks -- --filter '*'
// Quick check (CI): ... -- --filter '*' --job dry          Results: benchmarks/run.sh (see benchmarks/README.md)
UpstreamCallLog.PrepareForRun();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
