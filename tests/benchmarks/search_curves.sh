#!/usr/bin/env bash
# tft auto on a bundled data set: the best validation loss after 5, 10, 15
# and 20 trials, for random search and TPE, each with and without ASHA,
# over three search seeds (median); and the wall time of the pre-flight audit
# of NeuralForecast's default AutoTFT space against one trial of that space.
#   bash tests/benchmarks/search_curves.sh [build-dir] [trials] [seeds]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build}/bin/tft"
trials="${2:-20}"
seeds="${3:-1 2 3}"
data=fixtures/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The AutoTFT space's keys at a size these 2 cores train in seconds.
cat > "$work/space.yaml" <<'YAML'
fixed: {h: 12, max_steps: 150, batch_size: 4, windows_batch_size: 128}
random:
  samples: 20
  params:
    input_size_multiplier: [1, 2, 3, 4]
    hidden_size: [8, 16, 32, 64]
    n_head: [1, 2, 4]
    learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
    scaler_type: [identity, robust, standard]
    dropout: {quniform: [0.0, 0.3, 0.1]}
YAML
args=(--data "$data/seatbelts.csv" --futr-exog law --h 12 --space "$work/space.yaml" --num-samples "$trials"
      --parallel 2 -q)

echo -e "search\tscheduler\tseed\tafter_5\tafter_10\tafter_15\tafter_20\tsteps\tseconds"
for sampler in random tpe; do
  for scheduler in none asha; do
    for seed in $seeds; do
      start=$(date +%s.%N)
      "$bin" auto "${args[@]}" --search "$sampler" --tpe-startup-trials 5 --scheduler "$scheduler" \
        --grace-period 25 --reduction-factor 2 --seed "$seed" -o "$work/s" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      python3 - "$work/s/trials.jsonl" "$sampler" "$scheduler" "$seed" "$start" "$end" <<'PY'
import json, math, sys
rows = sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda r: r["trial"])
best, curve = math.inf, []
for r in rows:
    if r["best_valid_loss"] is not None and r["status"] != "failed":
        best = min(best, r["best_valid_loss"])
    curve.append(best)
at = lambda n: f"{curve[n - 1]:.3f}" if len(curve) >= n else ""
steps = sum(r["steps"] for r in rows)
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], at(5), at(10), at(15), at(20), str(steps),
                 f"{float(sys.argv[6]) - float(sys.argv[5]):.0f}"]))
PY
      rm -rf "$work/s"
    done
  done
done

# The pre-flight of the default space, and one trial of it (the middle of
# the space: hidden 128, 4 heads, input 2h, 1000 steps of 512 windows; its
# step time measured over 30 steps and scaled to 1000).
start=$(date +%s.%N)
"$bin" auto --data "$data/seatbelts.csv" --futr-exog law --h 12 --preflight-only -o "$work/p" 2>&1 | tail -1
end=$(date +%s.%N)
echo -e "preflight_default_space_seconds\t$(python3 -c "print(f'{$end - $start:.2f}')")"
"$bin" train --data "$data/seatbelts.csv" --futr-exog law --h 12 --input-size 24 --hidden-size 128 --n-head 4 \
  --batch-size 32 --windows-batch-size 512 --max-steps 30 --val-check-steps 30 --threads 2 -q -o "$work/t"
python3 - "$work/t/checkpoint/run.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["state"]["seconds"]
print(f"one_trial_1000_steps_seconds\t{s / 30 * 1000:.0f}")
PY
