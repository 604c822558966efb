#!/usr/bin/env python3
"""Success rates of a function-task sweep (examples/sweeps/function-task.yaml): per operation and
model, solved runs / finished runs (diverged runs count as not solved) judged at the last step and,
for sweeps with eval_every, by stable-nalu's rule (summary.json's solved_at_best_step: of the last
100 evaluations, the one of lowest interpolation error), the median extrapolation MSE, and the steps
when the sweep has several. `reckon results SWEEP --aggregate mean --where task.operation=add` gives
the same solved fractions; this adds the MSE.
Usage: summarize.py sweeps/function-task"""
import json, os, statistics, sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else "sweeps/function-task"
runs_dir = os.path.join(root, "runs")
rows = defaultdict(list)
for name in sorted(os.listdir(runs_dir)):
    config_path = os.path.join(runs_dir, name, "config.json")
    summary_path = os.path.join(runs_dir, name, "summary.json")
    if not os.path.exists(summary_path):
        continue
    c = json.load(open(config_path))
    s = json.load(open(summary_path))
    key = (c.get("taskSettings", {}).get("operation", "add"), c["model"], c["steps"])
    rows[key].append((s["status"], s.get("solved"), s.get("mse"), s.get("solved_at_best_step")))
several = len({k[2] for k in rows}) > 1
best = any(r[3] is not None for runs in rows.values() for r in runs)
print("| op | model |" + (" steps |" if several else "") + " solved |" + (" solved at best step |" if best else "")
      + " diverged | median extrapolation MSE |")
print("|---|---|" + ("---|" if several else "") + "---|" + ("---|" if best else "") + "---|---|")
for op, model, steps in sorted(rows, key=lambda k: (["add", "sub", "mul", "div"].index(k[0]),
                                                     ["nau", "nalu", "linear", "nmu"].index(k[1])
                                                     if k[1] in ["nau", "nalu", "linear", "nmu"] else 9, k[2])):
    runs = rows[(op, model, steps)]
    solved = sum(1 for st, ok, _, _ in runs if st == "complete" and ok)
    at_best = sum(1 for st, _, _, ok in runs if st == "complete" and ok)
    diverged = sum(1 for st, _, _, _ in runs if st == "diverged")
    errors = [m for st, _, m, _ in runs if st == "complete" and m is not None]
    median = "%.3g" % statistics.median(errors) if errors else "-"
    cells = [op, model] + ([str(steps)] if several else []) + [f"{solved}/{len(runs)}"]
    cells += ([f"{at_best}/{len(runs)}"] if best else []) + [str(diverged), median]
    print("| " + " | ".join(cells) + " |")
