#!/bin/sh
# ThreadSanitizer build and run of the trace and DDP tests (trace_tests,
# ddp_tests and the gradaudit executable they start): the probes run on
# worker threads, `--confirm-ddp` ranks and the thread worlds on threads of
# their own, and all of them touch LibTorch's shared state.
#
# usage: tests/tsan/run.sh [BUILD_DIR]     (default: build-tsan in the source tree)
#   GRADAUDIT_JOBS         build jobs (default 2)
#   TSAN_SHARDS            trace_tests runs as this many processes (default 2),
#                          next to one ddp_tests process
#   GRADAUDIT_REPEAT_RUNS  audits per repeat test (default 3; 50 in the normal build)
#   GRADAUDIT_TEST_TIMEOUT seconds each process may take (default 600; all
#                          of them take ~16 s on an idle 2-core machine)
#
# Quiet when clean: one summary line with the test count and the build and
# test times. Otherwise one line per failed test and per distinct race, and
# exit status 1. The build log, each process's output and every report stay
# in BUILD_DIR/tsan/.
# Needs nothing beyond the normal build's Debian packages (GCC ships libtsan).
# LibTorch, Gloo, OpenBLAS, libgomp and libstdc++ are not instrumented: TSan
# is kept to our code by ignore_noninstrumented_modules and local-std.map
# (docs/architecture.md, "ThreadSanitizer", says why; there is no
# suppressions file).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-"$src/build-tsan"}
out=$build/tsan
rm -rf "$out"
mkdir -p "$out/reports"
# -O1 -g1: line tables for the reports, a shorter build than -O2 -g. The
# linter is left out (GRADAUDIT_WITH_LINT=OFF): none of its code runs threads,
# and its Clang translation units would double the build.
flags="-fsanitize=thread -fno-omit-frame-pointer"
# Our libraries and executables keep their std:: template instances to
# themselves (local-std.map), so LibTorch's code runs only in its own,
# uninstrumented copies of them. (An executable exports every symbol a shared
# library it links refers to, and comes first in the lookup.)
link="-fsanitize=thread -Wl,--version-script=$src/tests/tsan/local-std.map"

start=$(date +%s)
if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
         -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
         -DCMAKE_EXE_LINKER_FLAGS="$link" -DCMAKE_SHARED_LINKER_FLAGS="$link" \
         -DGRADAUDIT_WITH_LINT=OFF &&
       cmake --build "$build" -j"${GRADAUDIT_JOBS:-2}" --target gradaudit trace_tests ddp_tests; } >"$out/build.log" 2>&1; then
  grep -m3 -E ': (fatal )?error' "$out/build.log" | sed 's/^/tsan: /'
  echo "tsan: build failed, see $out/build.log"
  exit 1
fi
built=$(date +%s)
# The version script must have kept every std:: instance out of the dynamic
# symbol tables, or LibTorch may run in our instrumented copies again.
for binary in "$build"/lib/libgradaudit_*.so "$build"/bin/gradaudit "$build"/bin/trace_tests "$build"/bin/ddp_tests; do
  # Global (upper-case type, or u) dynamic symbols only: local ones bind nothing.
  if nm -D --defined-only "$binary" | awk '$2 ~ /^[A-Zu]$/ && $3 ~ /^_Z(N|NK)?St/ { found = 1 } END { exit !found }'; then
    echo "tsan: $binary exports std:: template instances; the version script did not apply"
    exit 1
  fi
done

# Every process (the tests and the executables they start) writes its reports
# to reports/tsan.PID; exitcode: a race also fails the test that shows it.
# ignore_noninstrumented_modules: the library calls uninstrumented code makes
# (LibTorch's memcpy, free, operator delete) are not judged; what orders them
# is in atomics TSan cannot see. OMP_NUM_THREADS=1: OpenMP's pool is
# uninstrumented, so its hand-offs would look like races; the audits' own
# threads are what is under test.
TSAN_OPTIONS="log_path=$out/reports/tsan exitcode=66 history_size=7 second_deadlock_stack=1 ignore_noninstrumented_modules=1"
export TSAN_OPTIONS
OMP_NUM_THREADS=1
export OMP_NUM_THREADS
# The repeat tests audit 3 times, not 50: TSan sees a race in any run that
# makes both accesses, not only in one where the timing goes wrong.
GRADAUDIT_REPEAT_RUNS=${GRADAUDIT_REPEAT_RUNS:-3}
export GRADAUDIT_REPEAT_RUNS
# Each test executable runs its tests in processes of its own, not one
# process per test as ctest would: under TSan, loading LibTorch alone takes
# seconds. trace_tests runs as two gtest shards next to ddp_tests.
shards=${TSAN_SHARDS:-2}
timeout_s=${GRADAUDIT_TEST_TIMEOUT:-600}
run_shard() {  # run_shard LOG EXE INDEX COUNT
  shard_status=0
  GTEST_SHARD_INDEX=$3 GTEST_TOTAL_SHARDS=$4 timeout -k 10 "$timeout_s" "$2" --gtest_brief=1 >"$1" 2>&1 ||
    shard_status=$?
  echo "$shard_status" >"$1.status"
}
pids=""
i=0
while [ "$i" -lt "$shards" ]; do
  run_shard "$out/trace_tests.$i.log" "$build/bin/trace_tests" "$i" "$shards" &
  pids="$pids $!"
  i=$((i + 1))
done
run_shard "$out/ddp_tests.0.log" "$build/bin/ddp_tests" 0 1 &
pids="$pids $!"
# shellcheck disable=SC2086
wait $pids
done_at=$(date +%s)

# gtest's "[  FAILED  ] Suite.Name (12 ms)" lines; a process that ended
# without naming a failure (crash, timeout) by its exit status.
failed=""
total=0
for log in "$out"/*_tests.*.log; do
  st=$(cat "$log.status" 2>/dev/null || echo 1)
  names=$(sed -n 's/^\[  FAILED  \] \([^ ]*\) (.*$/tsan: test failed: \1/p' "$log" | sort -u)
  count=$(sed -n 's/^\[==========\] \([0-9][0-9]*\) tests\{0,1\} from .* ran\..*$/\1/p' "$log" | tail -n 1)
  total=$((total + ${count:-0}))
  [ -z "$names" ] || failed="$failed$names
"
  # 66: TSan's exit status for a run with reports (listed below).
  if [ -z "$names" ] && [ "$st" -ne 0 ] && [ "$st" -ne 66 ]; then
    case $st in
      124 | 137) why="ran past $timeout_s s" ;;
      *) why="exited $st" ;;
    esac
    failed="${failed}tsan: $(basename "$log" .log) $why, see $log
"
  fi
  [ -n "$count" ] || [ -n "$names" ] || [ "$st" -ne 0 ] || failed="${failed}tsan: $(basename "$log" .log) ran no test, see $log
"
done
failed=$(printf '%s' "$failed")
# One line per distinct race (TSan's SUMMARY line: kind, file:line, function).
races=$(cat "$out"/reports/tsan.* 2>/dev/null | sed -n 's/^SUMMARY: ThreadSanitizer: /tsan: /p' | sort | uniq -c |
          sed 's/^ *\([0-9]*\) tsan: \(.*\)$/tsan: \2 (reports: \1)/')
times="build $((built - start)) s, tests $((done_at - built)) s"
if [ -n "$failed$races" ]; then
  [ -z "$failed" ] || printf '%s\n' "$failed"
  [ -z "$races" ] || printf '%s\n' "$races"
  echo "tsan: FAILED ($times); reports in $out/reports, output in $out/*_tests.*.log"
  exit 1
fi
echo "tsan: $total trace and DDP tests, no races ($times)"
