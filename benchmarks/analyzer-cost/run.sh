#!/usr/bin/env bash
# Measures what the GenAuth.Hexagonal analyzers cost a build, against a baseline: generates an ordinary C# project of
# about 59,000 lines (many strings, configuration keys, hashes, app ids, WeChat URL templates, secret-named members that
# read configuration, log calls, console writes and exceptions, and const fields that enable the analyzer's
# const-tracking path), then builds it with -p:ReportAnalyzer=true in alternating rounds (the baseline first in odd rounds,
# the current analyzers first in even ones):
#
#   1. with the analyzers built from BASE_REF (default: 5a50c32, main before issue 13),
#   2. with the analyzers of this working tree,
#   3. with SonarAnalyzer.CSharp 10.36 instead (its S2068/S6418 hard-coded credential rules only; ours off),
#
# and reports each analyzer's execution time per round and the median over the rounds.
#
#   benchmarks/analyzer-cost/run.sh                 # 900 files, 3 rounds: about 10 minutes on 2 quiet cores
#   BASE_REF=main ROUNDS=5 benchmarks/analyzer-cost/run.sh
#   FILES=2000 benchmarks/analyzer-cost/run.sh      # bigger project
#   KEEP=1 benchmarks/analyzer-cost/run.sh          # keep the generated project and logs (path printed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
files="${FILES:-900}"
rounds="${ROUNDS:-3}"
base_ref="${BASE_REF:-5a50c32}"
sonar_version="${SONAR_VERSION:-10.36.0.15337}"
logging_version="${LOGGING_VERSION:-10.0.13}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gah-analyzer-cost.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" != "1" ]]; then rm -rf "$work"; else echo "kept: $work"; fi; }
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

# --- The two analyzer builds: this tree, and BASE_REF exported into a scratch folder (the repository is not touched).
echo "building the analyzer of this tree (Release)..."
dotnet build "$repo/src/Analyzers/Analyzers" -c Release -nologo -v:q -nodeReuse:false >/dev/null
mkdir -p "$work/analyzers/current" "$work/analyzers/base"
cp "$repo/src/Analyzers/Analyzers/bin/Release/netstandard2.0/GenAuth.Hexagonal.Analyzers.dll" "$work/analyzers/current/"

base_commit="$(git -C "$repo" rev-parse --short "$base_ref^{commit}")"
echo "building the baseline analyzer from $base_ref ($base_commit)..."
mkdir -p "$work/base-src"
git -C "$repo" archive "$base_commit" \
  .editorconfig global.json Directory.Build.props Directory.Packages.props src/Directory.Build.targets src/Analyzers/Analyzers \
  | tar -x -C "$work/base-src"
dotnet build "$work/base-src/src/Analyzers/Analyzers" -c Release -nologo -v:q -nodeReuse:false >/dev/null
cp "$work/base-src/src/Analyzers/Analyzers/bin/Release/netstandard2.0/GenAuth.Hexagonal.Analyzers.dll" "$work/analyzers/base/"

# --- The generated project, and a second project over the same sources with SonarAnalyzer.CSharp.
echo "generating $files files in $work/gen ..."
mkdir -p "$work/gen/src" "$work/sonar"
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"
cat > "$work/gen/Generated.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="$logging_version" />
  </ItemGroup>
  <ItemGroup Condition="'\$(GahAnalyzer)' != ''">
    <Analyzer Include="\$(GahAnalyzer)" />
  </ItemGroup>
</Project>
CSPROJ
cat > "$work/sonar/Sonar.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NuGetAudit>false</NuGetAudit>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="../gen/src/**/*.cs" />
    <GlobalAnalyzerConfigFiles Include="sonar.globalconfig" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="$logging_version" />
    <PackageReference Include="SonarAnalyzer.CSharp" Version="$sonar_version" PrivateAssets="all" />
  </ItemGroup>
</Project>
CSPROJ
# Only Sonar's hard-coded credential and secret rules run (an analyzer whose every rule is off is skipped).
cat > "$work/sonar/sonar.globalconfig" <<'INI'
is_global = true
dotnet_analyzer_diagnostic.severity = none
dotnet_diagnostic.S2068.severity = warning
dotnet_diagnostic.S6418.severity = warning
INI

cat > "$work/gen/src/Support.cs" <<'CS'
using Microsoft.Extensions.Logging;

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

public static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Configured {AppId} with a secret of {Length} characters")]
    public static partial void Configured(ILogger logger, string appId, int length);
}
CS

for ((i = 0; i < files; i++)); do
  cat > "$work/gen/src/Service$i.cs" <<CS
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Generated.Area$((i % 20));

public sealed class Service$i
{
    private const string Etag$i = "9f3b8c1d2e4a6f70${i}81b2c3d4e5f6a7b8";
    private const string ContentType = "application/json; charset=utf-8";
    private const string RouteTemplate = "api/v2/orders/{id}/lines/$i";
    private const string TokenUrl = "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid={0}&secret={1}";
    private static readonly string[] Regions = { "cn-north-1", "cn-east-2", "ap-southeast-$((i % 7))" };
    private readonly ISettings _settings;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _headers = new()
    {
        ["Accept"] = ContentType,
        ["X-Request-Id"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
        ["If-None-Match"] = Etag$i,
    };

    public Service$i(ISettings settings, ILogger logger) => (_settings, _logger) = (settings, logger);

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
        _logger.LogInformation("Described {Count} orders for {Label}", count, label);
        Console.WriteLine(\$"{Name}: {message}");
        return \$"{message} ({label}) via {RouteTemplate} as {_headers["Accept"]}";
    }

    public AppOptions Connect() => Sink.Configure("wx1234567890abcdef", _settings["Wechat:AppSecret"] ?? "<app secret>");

    public string TokenAddress(AppOptions options)
    {
        var appSecret = options.AppSecret ?? throw new InvalidOperationException(\$"{Name}: Wechat:Apps:app$i:AppSecret is missing");
        Log.Configured(_logger, options.AppId ?? "", appSecret.Length);
        return string.Format(CultureInfo.InvariantCulture, TokenUrl, options.AppId, appSecret);
    }

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

lines=$(cat "$work"/gen/src/*.cs | wc -l)
echo "generated $lines lines of C# in $((files + 1)) files"

dotnet restore "$work/gen" -nologo -v:q >/dev/null
dotnet restore "$work/sonar" -nologo -v:q >/dev/null
# Warm-up builds (compiler server, NuGet, generator, and each analyzer loaded and compiled once), then the measured ones
# (--no-incremental: the compiler really runs).
for variant in base current; do
  dotnet build "$work/gen" -c Release -nologo -nodeReuse:false --no-restore --no-incremental -v:q \
    -p:GahAnalyzer="$work/analyzers/$variant/GenAuth.Hexagonal.Analyzers.dll" >/dev/null
done
dotnet build "$work/sonar" -c Release -nologo -nodeReuse:false --no-restore -v:q >/dev/null
measure() { # $1 = project folder, $2 = log, $3.. = extra properties
  local project="$1" log="$2"
  shift 2
  dotnet build "$project" -c Release -nologo -nodeReuse:false --no-restore --no-incremental -p:ReportAnalyzer=true -v:d "$@" > "$log"
}
# Seconds of one analyzer assembly or analyzer type in a ReportAnalyzer log (0 when absent).
seconds() { # $1 = log, $2 = regex on the name column
  grep -E "^[[:space:]]*[0-9.]+[[:space:]]+[<0-9]+[[:space:]]+$2" "$1" | head -1 | awk '{print $1}' | grep . || echo 0
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Seconds of all analyzers of a build, and ours as a share of them (a figure less sensitive to the machine's load).
total() { grep -m1 "Total analyzer execution time" "$1" | grep -oE '[0-9]+[.][0-9]+' || echo 0; }
share() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }'; }

base=(); current=(); sonar=(); base_share=(); current_share=()
for ((round = 1; round <= rounds; round++)); do
  echo "round $round of $rounds..."
  # The baseline goes first in odd rounds and second in even ones, so that neither always builds right after the
  # Sonar build of the round before.
  for variant in $( ((round % 2)) && echo "base current" || echo "current base"); do
    measure "$work/gen" "$work/$variant$round.log" -p:GahAnalyzer="$work/analyzers/$variant/GenAuth.Hexagonal.Analyzers.dll"
  done
  measure "$work/sonar" "$work/sonar$round.log"
  if grep -qE "(warning|error) GAH00" "$work/current$round.log"; then
    echo "unexpected GAH diagnostics in the generated code:" >&2
    grep -E "(warning|error) GAH00" "$work/current$round.log" | sort -u >&2
    exit 1
  fi
  b=$(seconds "$work/base$round.log" 'GenAuth\.Hexagonal\.Analyzers, Version')
  c=$(seconds "$work/current$round.log" 'GenAuth\.Hexagonal\.Analyzers, Version')
  s=$(seconds "$work/sonar$round.log" 'SonarAnalyzer\.CSharp\.Rules\.DoNotHardcodeCredentials')
  base+=("$b"); current+=("$c"); sonar+=("$s")
  base_share+=("$(share "$b" "$(total "$work/base$round.log")")"); current_share+=("$(share "$c" "$(total "$work/current$round.log")")")
  echo "  baseline $b s (share ${base_share[-1]}), current $c s (share ${current_share[-1]}), Sonar S2068 $s s"
  echo "  current, per analyzer:"
  grep -E "^[[:space:]]*[0-9.]+[[:space:]]+[<0-9]+[[:space:]]+GenAuth\.Hexagonal\.Analyzers\.[A-Za-z]+Analyzer" "$work/current$round.log" \
    | sed -E 's/^[[:space:]]+//' | sort -u | sed 's/^/    /'
  grep -E "^[[:space:]]*[0-9.]+[[:space:]]+[<0-9]+[[:space:]]+SonarAnalyzer\.CSharp\.Rules\.DoNotHardcode" "$work/sonar$round.log" \
    | sed -E 's/^[[:space:]]+//' | sort -u | sed 's/^/    Sonar: /'
  grep -E "Total analyzer execution time" "$work/current$round.log" | head -1 | sed -E 's/^[[:space:]]+/    current build, all analyzers: /'
done

mb=$(median "${base[@]}"); mc=$(median "${current[@]}"); ms=$(median "${sonar[@]}")
echo
echo "GenAuth.Hexagonal analyzers, execution time on $lines lines, median of $rounds rounds:"
echo "  baseline ($base_ref, $base_commit): $mb s"
echo "  current:                      $mc s ($(awk -v b="$mb" -v c="$mc" 'BEGIN { printf "%+.1f%%", (c / b - 1) * 100 }') against the baseline)"
echo "  SonarAnalyzer S2068 (DoNotHardcodeCredentials), same sources: $ms s"
mbs=$(median "${base_share[@]}"); mcs=$(median "${current_share[@]}")
echo "  share of all analyzer time in the same build (less sensitive to load): baseline $mbs, current $mcs" \
  "($(awk -v b="$mbs" -v c="$mcs" 'BEGIN { printf "%+.1f%%", (c / b - 1) * 100 }'))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), .NET SDK $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
