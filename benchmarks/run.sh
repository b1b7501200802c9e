#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite in Release and copies the GitHub-markdown result tables to benchmarks/results/.
#
#   benchmarks/run.sh                          # the whole suite (about 8-10 minutes on 2 cores)
#   benchmarks/run.sh '*CacheHit*'             # one class (any BenchmarkDotNet --filter glob)
#   benchmarks/run.sh '*CacheHit*' --job short # extra arguments go to BenchmarkDotNet
#
# Run it on a quiet machine: figures taken while other work runs are noise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/GenAuth.Hexagonal.Benchmarks"
artifacts="$root/benchmarks/BenchmarkDotNet.Artifacts"
results="$root/benchmarks/results"
filter="${1:-*}"
if [[ $# -gt 0 ]]; then shift; fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
dotnet build "$project" -c Release --nologo -v quiet
rm -rf "$artifacts/results"

status=0
dotnet run --project "$project" -c Release --no-build -- --filter "$filter" --artifacts "$artifacts" "$@" || status=$?

mkdir -p "$results"
copied=0
for table in "$artifacts"/results/*-report-github.md; do
  [[ -e "$table" ]] || continue
  name="$(basename "$table" -report-github.md)"   # GenAuth.Hexagonal.Benchmarks.CacheHitBenchmarks
  cp "$table" "$results/${name##*.}.md"            # -> benchmarks/results/CacheHitBenchmarks.md
  echo "  $results/${name##*.}.md"
  copied=$((copied + 1))
done

if [[ $copied -eq 0 ]]; then
  echo "No result tables were produced (filter: $filter)." >&2
  exit $(( status == 0 ? 1 : status ))
fi
echo "$copied result table(s) written to $results (full BenchmarkDotNet output: $artifacts)."
exit "$status"
