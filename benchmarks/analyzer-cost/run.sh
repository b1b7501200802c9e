#!/usr/bin/env bash
# Measures what the GenAuth.Hexagonal analyzers cost a build: generates an ordinary C# project of at least 50,000
# lines (many strings, configuration keys, hashes, a few secret-named members that read configuration, and const
# fields that enable the analyzer's const-tracking path), builds it with -p:ReportAnalyzer=true, and prints the
# analyzer's own execution time next to the compiler's total analyzer time.
#
#   benchmarks/analyzer-cost/run.sh            # 1,100 files of 50 lines (55,000 lines)
#   FILES=2000 benchmarks/analyzer-cost/run.sh # bigger
#   KEEP=1 benchmarks/analyzer-cost/run.sh     # keep the generated project (path printed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
files="${FILES:-1100}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gah-analyzer-cost.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" != "1" ]]; then rm -rf "$work"; else echo "kept: $work"; fi; }
trap cleanup EXIT

echo "building the analyzer (Release)..."
dotnet build "$repo/src/Analyzers/Analyzers" -c Release -nologo -v:q -nodeReuse:false >/dev/null
analyzer="$repo/src/Analyzers/Analyzers/bin/Release/netstandard2.0/GenAuth.Hexagonal.Analyzers.dll"

echo "generating $files files in $work ..."
mkdir -p "$work/src"
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"
cat > "$work/Generated.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup Condition="'\$(WithGenAuthHexagonalAnalyzers)' != 'false'">
    <Analyzer Include="$analyzer" />
  </ItemGroup>
</Project>
CSPROJ

cat > "$work/src/Support.cs" <<'CS'
namespace Generated;

public interface ISettings { string? this[string key] { get; } }

public sealed class AppOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    public string? AccessKeySecret { get; set; }
    public string Endpoint { get; set; } = "https://api.example.com/v1/";
}

public static class Sink
{
    public static void Use(string name, string value) { _ = name; _ = value; }
    public static AppOptions Configure(string appId, string appSecret) => new() { AppId = appId, AppSecret = appSecret };
}
CS

for ((i = 0; i < files; i++)); do
  cat > "$work/src/Service$i.cs" <<CS
using System.Collections.Generic;
using System.Globalization;

namespace Generated.Area$((i % 20));

public sealed class Service$i
{
    private const string Etag$i = "9f3b8c1d2e4a6f70${i}81b2c3d4e5f6a7b8";
    private const string ContentType = "application/json; charset=utf-8";
    private const string RouteTemplate = "api/v2/orders/{id}/lines/$i";
    private static readonly string[] Regions = { "cn-north-1", "cn-east-2", "ap-southeast-$((i % 7))" };
    private readonly ISettings _settings;
    private readonly Dictionary<string, string> _headers = new()
    {
        ["Accept"] = ContentType,
        ["X-Request-Id"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
        ["If-None-Match"] = Etag$i,
    };

    public Service$i(ISettings settings) => _settings = settings;

    public string Name { get; } = "service-$i";

    public AppOptions Options() => new()
    {
        AppId = _settings["Wechat:Apps:app$i:AppId"] ?? "wx1234567890abcdef",
        AppSecret = _settings["Wechat:Apps:app$i:AppSecret"],
        AccessKeySecret = _settings["GenAuth:AccessKeySecret"] ?? "",
    };

    public string Describe(int count, decimal total)
    {
        var message = string.Format(CultureInfo.InvariantCulture, "{0} orders, total {1:0.00} CNY", count, total);
        var label = "orders-" + Name + "-" + Regions[count % Regions.Length];
        Sink.Use("label", label);
        Sink.Use("etag", Etag$i);
        return \$"{message} ({label}) via {RouteTemplate} as {_headers["Accept"]}";
    }

    public AppOptions Connect() => Sink.Configure("wx1234567890abcdef", _settings["Wechat:AppSecret"] ?? "<app secret>");

    public IEnumerable<string> Validate(string? appSecret)
    {
        if (string.IsNullOrEmpty(appSecret))
        {
            yield return "Wechat:Apps:app$i:AppSecret is missing";
        }

        if (appSecret is { Length: < 16 })
        {
            yield return "the app secret of service $i is too short";
        }
    }
}
CS
done

lines=$(cat "$work"/src/*.cs | wc -l)
echo "generated $lines lines of C# in $((files + 1)) files"

cd "$work"
dotnet restore -nologo -v:q >/dev/null
# A warm-up build, then measured ones (--no-incremental: the compiler really runs), with and without the analyzers.
dotnet build -c Release -nologo -nodeReuse:false --no-restore -v:q >/dev/null
measure() { # $1 = true|false, $2 = log
  dotnet build -c Release -nologo -nodeReuse:false --no-restore --no-incremental -p:ReportAnalyzer=true \
    -p:WithGenAuthHexagonalAnalyzers="$1" -v:d > "$2"
}
measure false without.log
measure true with.log
measure false without2.log
measure true with2.log
if grep -q "warning GAH\|error GAH" with.log; then
  echo "unexpected GAH diagnostics in generated code:" >&2
  grep "GAH00" with.log | sort -u >&2
  exit 1
fi

report() { # $1 = log
  grep -E "^[[:space:]]*[0-9.]+[[:space:]]+[<0-9]+[[:space:]]+GenAuth\.Hexagonal\.Analyzers\.[A-Za-z]+Analyzer|Total analyzer execution time" "$1" \
    | sed -E 's/^[[:space:]]+//' | sort -u | sed 's/^/    /'
  grep -E "Time Elapsed" "$1" | tail -1 | sed 's/^/    /'
}
for run in 1 2; do
  suffix=""; [[ $run == 2 ]] && suffix=2
  echo "run $run without the analyzers:"; report "without$suffix.log"
  echo "run $run with the analyzers (seconds, % of analyzer time, analyzer):"; report "with$suffix.log"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), .NET SDK $(dotnet --version)"
