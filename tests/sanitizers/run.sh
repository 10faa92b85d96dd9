#!/usr/bin/env bash
# Builds the project with AddressSanitizer + UndefinedBehaviorSanitizer into
# its own folder and runs test suites under it.
#   tests/sanitizers/run.sh                 # the whole suite
#   tests/sanitizers/run.sh data ddp trace  # only these test executables (<name>_tests)
# Environment: GRADAUDIT_ASAN_DIR (default build-asan), GRADAUDIT_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/sanitizers
build_dir="${GRADAUDIT_ASAN_DIR:-build-asan}"
jobs="${GRADAUDIT_JOBS:-$(nproc)}"

# The linter's Clang translation units are built only when its suite runs:
# the whole suite, or `lint` named.
with_lint=ON
if (($#)); then
  with_lint=OFF
  for suite in "$@"; do [ "$suite" != lint ] || with_lint=ON; done
fi

# -O1 keeps stack traces readable and the build shorter than -O3.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DGRADAUDIT_SANITIZE=ON -DGRADAUDIT_WITH_LINT="$with_lint" >/dev/null

targets=()
for suite in "$@"; do targets+=(--target "${suite}_tests"); done
start=$(date +%s)
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
echo "sanitizers: build took $(($(date +%s) - start)) s"

source "$here/environment.sh"
start=$(date +%s)
status=0
if (($#)); then
  # Named suites: their executables directly (gtest), one after another.
  for suite in "$@"; do
    "$build_dir/bin/${suite}_tests" --gtest_brief=1 || status=1
  done
else
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" || status=1
fi
echo "sanitizers: tests took $(($(date +%s) - start)) s"
exit "$status"
