#!/usr/bin/env bash
# Publishes the Native AOT sample with trim/AOT warnings as errors, starts the emulator in another process
# (genauth-wechat emulator), runs the native binary and the JIT build against it, and prints start-up time and size.
#   tests/GenAuth.Hexagonal.AotSample/run.sh       (needs clang and zlib1g-dev: .ci/run installs them when missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rid="linux-x64"
out="$repo/artifacts/aot-sample"
rm -rf "$out"

echo "publishing the Native AOT sample ($rid, warnings as errors)..."
dotnet publish "$here" -c Release -r "$rid" -o "$out/native" -warnaserror -p:TreatWarningsAsErrors=true -nologo -v:q
echo "building the JIT sample..."
dotnet publish "$here" -c Release -r "$rid" -o "$out/jit" -p:PublishAot=false --self-contained false -nologo -v:q

work="$(mktemp -d)"
emulator_pid=""
cleanup() { if [[ -n "$emulator_pid" ]]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
dotnet build "$repo/src/Adapters/Cli" -c Release -nologo -v:q >/dev/null
dotnet "$repo/src/Adapters/Cli/bin/Release/net10.0/GenAuth.Hexagonal.Cli.dll" emulator --ready-file "$work/address" >/dev/null &
emulator_pid=$!
for _ in $(seq 1 300); do [[ -s "$work/address" ]] && break; sleep 0.1; done
[[ -s "$work/address" ]] || { echo "error: the emulator did not start" >&2; exit 1; }

# The emulator's public, fake defaults (WechatTokenEmulator.Default*).
export GenAuth__Host="$(cat "$work/address")"
export GenAuth__AccessKeyId="emulator-access-key-id"
export GenAuth__AccessKeySecret="emulator-access-key-secret-not-real"
export Wechat__Apps__mini__AppId="wx00000000emulator"
export Wechat__Apps__mini__AppSecret="emulator-app-secret-not-real-0001"

run() { # label, command...
  local label="$1"; shift
  local best=""
  for i in 1 2 3; do
    local start end ms
    start=$(date +%s%N); "$@" > "$work/$label.out"; end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [[ -z "$best" || "$ms" -lt "$best" ]]; then best="$ms"; fi
  done
  echo "$label: $(head -1 "$work/$label.out")"
  echo "$label: $(tail -1 "$work/$label.out")"
  echo "$label: process wall time, best of 3: ${best} ms"
}
run native "$out/native/GenAuth.Hexagonal.AotSample"
run jit dotnet "$out/jit/GenAuth.Hexagonal.AotSample.dll"
native_size=$(stat -c %s "$out/native/GenAuth.Hexagonal.AotSample")
jit_size=$(du -cb "$out/jit"/*.dll | tail -1 | cut -f1)
echo "native binary: $(( native_size / 1024 )) KiB (one file, no runtime needed); JIT build: $(( jit_size / 1024 )) KiB of assemblies (+ the .NET runtime)"
echo "AOT sample OK"
