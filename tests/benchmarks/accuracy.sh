#!/usr/bin/env bash
# The TFT's accuracy on the bundled data with the baselines' holdout (the
# last 12 months, one 12-step forecast from the end of the training part):
# `tft cv --n-windows 1` trains on everything before it. One set of settings
# for every data set; median over five seeds. Prints a TSV next to
# fixtures/data/baselines_shared.tsv's methods.
#   bash tests/benchmarks/accuracy.sh [build-dir] [seeds] > accuracy.tsv
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build}/bin/tft"
seeds="${2:-1 2 3 4 5}"
data=fixtures/data
settings=(--h 12 --input-size 24 --hidden-size 32 --n-head 4 --learning-rate 0.002 --max-steps 500
          --batch-size 32 --windows-batch-size 256 --val-check-steps 100
          --n-windows 1 --step-size 12 --season-length 12 --threads 1 -q)
declare -A extra=(
  [airpassengers]=""
  [seatbelts]="--futr-exog law"
  [seatbelts_panel]="--static $data/seatbelts_static.csv --futr-exog law"
  [uk_lung_deaths]="--static $data/uk_lung_deaths_static.csv"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo -e "dataset\tunique_id\tmethod\tseed\tmae\tmase"
for set in airpassengers seatbelts seatbelts_panel uk_lung_deaths; do
  for seed in $seeds; do
    # shellcheck disable=SC2086
    "$bin" cv --data "$data/$set.csv" ${extra[$set]} "${settings[@]}" --random-seed "$seed" \
      -o "$work/cv.csv" --metrics "$work/metrics.csv" >/dev/null
    tail -n +2 "$work/metrics.csv" | grep -v '^overall,' |
      awk -F, -v set="$set" -v seed="$seed" '{printf "%s\t%s\tTFT\t%s\t%s\t%s\n", set, $1, seed, $2, $4}'
  done
done
