#!/usr/bin/env bash
# Data-parallel training on the CPU: steps/s and windows/s of `tft train` on
# 1, 2 and 3 ranks (Gloo on loopback, one compute thread per rank so ranks
# do not oversubscribe the cores through nested pools), against one process
# with 1 and 2 threads, and against the same number of processes training
# side by side without synchronising (the reducer's and the collectives'
# cost). Weak scaling: each rank keeps the per-rank batch, so N ranks
# process N times the windows per step. Median of `repeats` runs; seconds
# are the training loop's own (run.json), start-up excluded.
#   bash tests/benchmarks/ddp_scaling.sh [build-dir] [repeats] [steps]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build}/bin/tft"
repeats="${2:-3}"
steps="${3:-100}"
windows=128
data=fixtures/data
common=(--data "$data/seatbelts_panel.csv" --static "$data/seatbelts_static.csv" --hist-exog kms,PetrolPrice
        --futr-exog law --h 12 --input-size 24 --hidden-size 32 --n-head 4 --batch-size 3
        --windows-batch-size "$windows" --max-steps "$steps" --val-check-steps "$steps" -q)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['state']['seconds'])" "$1/checkpoint/run.json"; }
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# One measurement: prints the loop's seconds of rank 0 (or the slowest of
# the independent processes).
measure() {
  local kind=$1 n=$2 threads=$3 run
  rm -rf "$work"/r*
  case $kind in
    ddp) "$bin" train "${common[@]}" --threads "$threads" --nproc-per-node "$n" -o "$work/r0"; seconds_of "$work/r0" ;;
    alone)
      for ((i = 0; i < n; i++)); do "$bin" train "${common[@]}" --threads "$threads" -o "$work/r$i" & done
      wait
      for ((i = 0; i < n; i++)); do seconds_of "$work/r$i"; done | sort -g | tail -1 ;;
  esac
}

echo -e "setup\tranks\tthreads_per_rank\tseconds\tsteps_per_s\twindows_per_s"
row() {
  local label=$1 kind=$2 n=$3 threads=$4 s
  s=$(for ((k = 0; k < repeats; k++)); do measure "$kind" "$n" "$threads"; done | median)
  python3 -c "import sys; s=float(sys.argv[1]); n=int(sys.argv[2]); st=int(sys.argv[3]); w=int(sys.argv[4])
print(f'{sys.argv[5]}\t{n}\t{sys.argv[6]}\t{s:.2f}\t{st/s:.1f}\t{st*n*w/s:.0f}')" "$s" "$n" "$steps" "$windows" "$label" "$threads"
}
row "one process" ddp 1 1
row "one process" ddp 1 2
row "DDP" ddp 2 1
row "DDP" ddp 3 1
row "no sync (independent)" alone 2 1
row "no sync (independent)" alone 3 1
