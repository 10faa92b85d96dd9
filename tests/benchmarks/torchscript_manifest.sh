#!/bin/sh
# TorchScript benchmark: a manifest of TFT-sized scripted models (written by
# tft_like_models.py with python3-torch), audited with -j 1 and -j 2; wall
# time per model and peak RSS (GNU time).
#
# usage: tests/benchmarks/torchscript_manifest.sh GRADAUDIT [COUNT] [RUNS]
#   GRADAUDIT  the gradaudit executable (an older build gives "before" numbers)
#   COUNT      configurations in the manifest (default 10)
#   RUNS       runs per setting; the fastest is reported (default 3)
# Needs python3 with torch (python3-torch; GRADAUDIT_PYTHON names another
# interpreter) and /usr/bin/time (Debian: time).
set -eu
exe=$1
count=${2:-10}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
python=${GRADAUDIT_PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PYTHONPATH="$here/../../python" "$python" "$here/tft_like_models.py" "$work/models" "$count" >/dev/null
echo "models: $count TFT-like scripted models, $(du -sh "$work/models" | cut -f1) on disk"
for jobs in 1 2; do
  best=""
  rss=""
  for run in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$exe" trace --manifest "$work/models/manifest.json" -j "$jobs" \
      --format json -o "$work/report.json" || [ $? -eq 1 ]
    read -r seconds kb <<EOF
$(tail -n 1 "$work/time")
EOF
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then best=$seconds; rss=$kb; fi
  done
  per_model=$(awk "BEGIN { printf \"%.3f\", $best / $count }")
  echo "-j $jobs: $best s wall (best of $runs), $per_model s per model, peak RSS $((rss / 1024)) MiB"
done
