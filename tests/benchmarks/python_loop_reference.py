"""The same check as `gradaudit trace --manifest`, as a plain Python loop:
load each model, three forward/backward passes on random inputs of the
spec's shapes, look at every parameter's .grad. A reference for
docs/benchmarks.md, not a tool.

usage: python_loop_reference.py MANIFEST [--no-optimize]
Prints wall and CPU seconds for the whole loop (model loading included).
"""

import json
import os
import sys
import time

import torch


def make(spec):
    if spec is None:
        return None
    if "dict" in spec:
        return {k: make(v) for k, v in spec["dict"].items()}
    return torch.randn(*spec["shape"])


def main():
    manifest = sys.argv[1]
    if "--no-optimize" in sys.argv:
        torch._C._set_graph_executor_optimize(False)
    torch.set_num_threads(1)
    folder = os.path.dirname(manifest)
    wall, cpu = time.perf_counter(), time.process_time()
    unused = 0
    for entry in json.load(open(manifest))["entries"]:
        model = torch.jit.load(os.path.join(folder, entry["model"]))
        model.train()
        spec = json.load(open(os.path.join(folder, entry["inputs"])))
        spec = spec["inputs"] if isinstance(spec, dict) else spec
        for batch in range(3):
            torch.manual_seed(batch)
            for p in model.parameters():
                p.grad = None
            model(*[make(s) for s in spec]).mean().backward()
            unused += sum(p.grad is None for p in model.parameters() if p.requires_grad)
    print(f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
          f"{unused} parameter-batches without gradient")


if __name__ == "__main__":
    main()
