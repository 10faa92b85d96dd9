#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) into build-fuzz/ and
# runs each for SECONDS on its corpus:
#   fuzz/run.sh SECONDS [TARGET...]     # default: every target, one after another
# Seeds: fuzz/seeds/TARGET and fuzz/regressions/TARGET (inputs that once
# failed: replayed first). New corpus entries go to build-fuzz/corpus/TARGET,
# failures to build-fuzz/artifacts/TARGET/. Exit 1 if any target failed.
# Environment: GRADAUDIT_FUZZ_DIR (default build-fuzz), GRADAUDIT_JOBS
# (build jobs, default nproc), GRADAUDIT_FUZZ_PARALLEL (targets run at once,
# default 1), GRADAUDIT_FUZZ_TIMEOUT (libFuzzer's -timeout, default 1 s).
#
# An input over 1 s is a hang. libFuzzer times inputs by the wall clock, so
# on a loaded machine a stall of the whole process passes for one: there,
# raise GRADAUDIT_FUZZ_TIMEOUT; every input over 1 s is still kept
# (-report_slow_units=1, as slow-unit-* artifacts) and replayed alone at the
# end, and one that takes over 1 s alone fails the target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
build_dir="${GRADAUDIT_FUZZ_DIR:-build-fuzz}"
jobs="${GRADAUDIT_JOBS:-$(nproc)}"
parallel="${GRADAUDIT_FUZZ_PARALLEL:-1}"
targets=("$@")
((${#targets[@]})) || targets=(csv_long_frame static_table future_table space run_config input_spec manifest
  allow_list lint_config checkpoint archive_version)

start=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
  -DGRADAUDIT_FUZZ=ON -DGRADAUDIT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs" --target gradaudit_fuzzers
echo "fuzz: build took $(($(date +%s) - start)) s"

dictionary() {
  case "$1" in
    csv_long_frame | static_table | future_table) echo fuzz/dict/csv.dict ;;
    space | run_config | lint_config) echo fuzz/dict/yaml.dict ;;
    input_spec | manifest | checkpoint) echo fuzz/dict/json.dict ;;
    allow_list) echo fuzz/dict/allow.dict ;;
    archive_version) echo fuzz/dict/zip.dict ;;
  esac
}

run_target() {
  local target=$1
  shift
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build_dir/bin/${target}_fuzzer" "$@"
}

# One target: libFuzzer's last lines go to build-fuzz/logs/TARGET.log, and a
# summary line (runs, seconds, corpus) to stdout.
fuzz_one() {
  local target=$1 corpus="$build_dir/corpus/$1" artifacts="$build_dir/artifacts/$1/" log="$build_dir/logs/$1.log"
  mkdir -p "$corpus" "$artifacts" "$build_dir/logs" "fuzz/regressions/$target"
  local status=0 began=$SECONDS
  # Leaks are judged by the sanitizer build of the test suite
  # (tests/sanitizers), not per input here (docs/reliability.md).
  run_target "$target" -max_total_time="$seconds" -timeout="${GRADAUDIT_FUZZ_TIMEOUT:-1}" -report_slow_units=1 \
    -rss_limit_mb=2048 -dict="$(dictionary "$target")" -artifact_prefix="$artifacts" -print_final_stats=1 \
    "$corpus" "fuzz/seeds/$target" "fuzz/regressions/$target" >"$log" 2>&1 || status=$?
  local slow
  for slow in "$artifacts"slow-unit-*; do
    [ -e "$slow" ] || continue
    local ms
    ms=$(run_target "$target" "$slow" 2>&1 | sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p')
    if [ "${ms:-0}" -gt 1000 ]; then
      echo "fuzz: $target: $slow takes $ms ms alone: a hang" >>"$log"
      status=1
    fi
  done
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $target: $([ $status -eq 0 ] && echo ok || echo "FAILED (exit $status, see $log)")," \
    "$runs runs in $((SECONDS - began)) s, corpus $(ls "$corpus" | wc -l)"
  return $status
}

failed=0
running=0
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  running=$((running + 1))
  if ((running >= parallel)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
echo "fuzz: all done in $(($(date +%s) - start)) s"
exit $failed
