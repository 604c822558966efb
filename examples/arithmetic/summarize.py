#!/usr/bin/env python3
"""Success rates of a function-task directory written by function_task.sh: per operation and
model, solved runs / finished runs (diverged runs count as not solved), and the median
extrapolation MSE. Usage: summarize.py runs/function_task"""
import json, os, statistics, sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else "runs/function_task"
rows = defaultdict(list)
for name in sorted(os.listdir(root)):
    path = os.path.join(root, name, "summary.json")
    if not os.path.exists(path):
        continue
    op, model, _ = name.split("-")
    s = json.load(open(path))
    rows[(op, model)].append((s["status"], s.get("solved"), s.get("mse")))
print("| op | model | solved | diverged | median extrapolation MSE |")
print("|---|---|---|---|---|")
for op in ["add", "sub", "mul"]:
    for model in ["nau", "nmu", "nalu", "linear"]:
        runs = rows.get((op, model), [])
        if not runs:
            continue
        solved = sum(1 for st, ok, _ in runs if st == "complete" and ok)
        diverged = sum(1 for st, _, _ in runs if st == "diverged")
        errors = [m for st, _, m in runs if st == "complete" and m is not None]
        median = "%.3g" % statistics.median(errors) if errors else "-"
        print(f"| {op} | {model} | {solved}/{len(runs)} | {diverged} | {median} |")
