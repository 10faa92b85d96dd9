#!/bin/sh
# ThreadSanitizer build and run of the trace and DDP tests (trace_tests,
# ddp_tests and the gradaudit executable they start): the probes run on
# worker threads, `--confirm-ddp` ranks and the thread worlds on threads of
# their own, and all of them touch LibTorch's shared state.
#
# usage: tests/tsan/run.sh [BUILD_DIR]     (default: build-tsan in the source tree)
#   TSAN_JOBS  tests run at once (default 2)
#
# Quiet when clean: one summary line with the build and test times. Otherwise
# one line per failed test and per distinct race, and exit status 1. The full
# build and test output and every report stay in BUILD_DIR/tsan/.
# Needs nothing beyond the normal build's Debian packages (GCC ships libtsan).
# LibTorch, Gloo, OpenBLAS and libgomp are not instrumented: suppressions.txt
# says what is ignored in them and why.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-"$src/build-tsan"}
out=$build/tsan
rm -rf "$out"
mkdir -p "$out/reports"
flags="-fsanitize=thread -fno-omit-frame-pointer -g"

start=$(date +%s)
# Tests run several times slower under TSan: 50 audits in one test included.
if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
         -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread \
         -DGRADAUDIT_TEST_TIMEOUT=3000 &&
       cmake --build "$build" -j2 --target gradaudit trace_tests ddp_tests; } >"$out/build.log" 2>&1; then
  grep -m3 -E ': (fatal )?error' "$out/build.log" | sed 's/^/tsan: /'
  echo "tsan: build failed, see $out/build.log"
  exit 1
fi
built=$(date +%s)

# Every process (the tests and the executables they start) writes its reports
# to reports/tsan.PID; exitcode: a race also fails the test that shows it.
# OMP_NUM_THREADS=1: OpenMP's pool is uninstrumented, so its hand-offs would
# look like races; the audits' own threads are what is under test.
TSAN_OPTIONS="suppressions=$src/tests/tsan/suppressions.txt log_path=$out/reports/tsan exitcode=66 history_size=4 second_deadlock_stack=1"
export TSAN_OPTIONS
OMP_NUM_THREADS=1
export OMP_NUM_THREADS
status=0
ctest --test-dir "$build" -L '^(trace_tests|ddp_tests)$' -j"${TSAN_JOBS:-2}" --no-tests=error --output-on-failure \
  >"$out/ctest.log" 2>&1 || status=$?
done_at=$(date +%s)

# "  12 - Suite.Name (Failed)" after "The following tests FAILED:".
failed=$(sed -n '/^The following tests FAILED:/,$s/^[[:space:]]*[0-9][0-9]* - \(.*\)$/tsan: test failed: \1/p' "$out/ctest.log")
# One line per distinct race (TSan's SUMMARY line: kind, file:line, function).
races=$(cat "$out"/reports/tsan.* 2>/dev/null | sed -n 's/^SUMMARY: ThreadSanitizer: /tsan: /p' | sort | uniq -c |
          sed 's/^ *\([0-9]*\) tsan: \(.*\)$/tsan: \2 (reports: \1)/')
total=$(sed -n 's/.*tests failed out of \([0-9][0-9]*\).*/\1/p' "$out/ctest.log")
times="build $((built - start)) s, tests $((done_at - built)) s"
if [ -n "$failed$races" ] || [ "$status" -ne 0 ] || [ -z "$total" ]; then
  [ -z "$failed" ] || printf '%s\n' "$failed"
  [ -z "$races" ] || printf '%s\n' "$races"
  [ -n "$failed$races" ] || echo "tsan: ctest exited $status with no failed test named, see $out/ctest.log"
  echo "tsan: FAILED ($times); reports in $out/reports, output in $out/ctest.log"
  exit 1
fi
echo "tsan: $total trace and DDP tests, no races ($times)"
