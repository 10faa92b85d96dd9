#!/usr/bin/env python3
"""Median over seeds of the TFT's MAE and MASE per series, beside the
baselines of fixtures/data/baselines_shared.tsv. Usage:
    python3 tests/benchmarks/accuracy_summary.py accuracy.tsv > table.md"""
import csv
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row.get("method") == "TFT":
            runs[(row["dataset"], row["unique_id"])].append((float(row["mae"]), float(row["mase"])))
base = defaultdict(dict)
with open("fixtures/data/baselines_shared.tsv") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        base[(row["dataset"], row["unique_id"])][row["method"]] = float(row["mae"]), float(row["mase"])

print("| data set | series | TFT MAE (median of %d) | TFT MASE | snaive MAE | ETS MAE | ARIMA MAE | beats snaive | within 15 %% of best ETS/ARIMA |"
      % max(len(v) for v in runs.values()))
print("|---|---|---|---|---|---|---|---|---|")
for key, values in runs.items():
    mae = statistics.median(v[0] for v in values)
    mase = statistics.median(v[1] for v in values)
    b = base[key]
    best = min(b["ets"][0], b["auto.arima"][0])
    print(f"| {key[0]} | {key[1]} | {mae:.2f} | {mase:.3f} | {b['snaive'][0]:.2f} | {b['ets'][0]:.2f} | "
          f"{b['auto.arima'][0]:.2f} | {'yes' if mae < b['snaive'][0] else 'no'} | "
          f"{'yes' if mae <= 1.15 * best else 'no'} ({mae / best:.2f}x) |")
