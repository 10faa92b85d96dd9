#!/usr/bin/env bash
# gradaudit lint against clang++-14 -fsyntax-only (the bare parse: the floor)
# on the same translation units, same flags, one at a time; median of N runs.
#   bash tests/benchmarks/lint_vs_syntax_only.sh [build-dir] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
runs="${2:-5}"
flags=(-std=c++17 -Isrc -Icmake/compat -Ifixtures -isystem /usr/include/torch/csrc/api/include
       -DUSE_C10D_GLOO -DUSE_DISTRIBUTED)
files=(fixtures/models/tft_unconditional_static.cpp src/tft/model.cpp src/tft/grn.cpp
       fixtures/lint/unconditional_submodule.cpp fixtures/lint/unguarded_conditional.cpp)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

printf '%-48s %10s %10s %7s\n' "translation unit" "parse (s)" "lint (s)" "ratio"
total_parse=0; total_lint=0
for f in "${files[@]}"; do
  p=$(for _ in $(seq "$runs"); do seconds clang++-14 -fsyntax-only -w "${flags[@]}" "$f"; done | median)
  l=$(for _ in $(seq "$runs"); do seconds "$build/bin/gradaudit" lint -j 1 "$f" -- "${flags[@]}"; done | median)
  printf '%-48s %10.2f %10.2f %7.2f\n' "$f" "$p" "$l" "$(echo "$l / $p" | bc -l)"
  total_parse=$(echo "$total_parse + $p" | bc); total_lint=$(echo "$total_lint + $l" | bc)
done
printf '%-48s %10.2f %10.2f %7.2f\n' "all" "$total_parse" "$total_lint" "$(echo "$total_lint / $total_parse" | bc -l)"
