#!/bin/sh
# ThreadSanitizer build and run of the trace and DDP tests: the probes run
# on worker threads, `--confirm-ddp` ranks on threads of their own, and both
# touch LibTorch's shared state (the global generator, the JIT's
# compilation units, autograd).
#
# usage: tests/tsan/run.sh [BUILD_DIR]     (default: build-tsan next to build)
# Needs nothing beyond the normal build's Debian packages (GCC ships libtsan).
# LibTorch, OpenBLAS, libgomp and Gloo are not instrumented: suppressions.txt
# says what is ignored in them and why.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-"$src/build-tsan"}
flags="-fsanitize=thread -fno-omit-frame-pointer -g"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$build" -j2 --target gradaudit trace_tests ddp_tests
# halt_on_error: a race fails the test that shows it. OpenMP's own pool is
# uninstrumented: one thread keeps its synchronisation out of the picture.
export TSAN_OPTIONS="suppressions=$src/tests/tsan/suppressions.txt halt_on_error=1 exitcode=66 second_deadlock_stack=1 history_size=4"
export OMP_NUM_THREADS=1
# The lint-free trace, repeatability and DDP suites; TSan makes them ~10x
# slower, so the 50-run repeat tests are the longest.
ctest --test-dir "$build" -R 'Trace|Gradient|DdpRun|Ddp' -j1 --timeout 1800 --output-on-failure
