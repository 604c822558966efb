#!/usr/bin/env python3
"""Writes Tests/FuzzSweep/corpus: the example sweep files, JSON forms of some, and the reproducers of
issue 25 (#3) and other hostile sweep files, each at most 16 KiB (the fuzz run's -max_len).

Usage: python3 Tests/FuzzSweep/make_corpus.py
The corpus is committed; this script only documents how it was made and can remake it.
"""
import glob, json, os

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)

def write(name, text):
    data = text.encode() if isinstance(text, str) else text
    assert len(data) <= 16384, name
    open(os.path.join(out, name), "wb").write(data)

for path in sorted(glob.glob(os.path.join(root, "examples", "sweeps", "*.yaml"))):
    write("example-" + os.path.basename(path), open(path).read())

write("json-tiny.json", json.dumps({
    "name": "tiny", "base": {"steps": 200, "batch_size": 16, "train_length": 10, "eval_max_length": 20,
                             "eval_samples": 16, "hidden_size": 16},
    "axes": {"task": ["parity_check", "reverse_string"], "model": ["lstm", "stack_rnn"], "seed": [0, 1]},
    "exclude": [{"task": "parity_check", "model": "stack_rnn", "seed": 1}],
    "include": [{"task": "even_pairs", "model": "lstm"}]}))
write("json-machines.json", json.dumps({
    "name": "m", "base": {"task": "arithmetic_function", "steps": 10, "task.subset_seed": "${seed}"},
    "machines": {"nau": {"learning_rate": 0.01}, "nmu": {"steps": 20}},
    "axes": {"model": ["nau", "nmu"], "task.operation": ["add", "mul"], "seed": [0, 1]}}))
write("paper-one-cell.yaml", "name: p\nprotocol: paper\naxes: {task: [parity_check], model: [lstm]}\n")
write("paper-encodings.yaml",
      "name: p\nprotocol: paper\nbase: {task: reverse_string, model: transformer_encoder, seed: 0}\n"
      "axes: {learning_rate: [1e-4]}\n")

# Issue 25 #3: one task, one model, 5 axes x 100 values (10^10 runs).
values = "[" + ", ".join(str(i) for i in range(1, 101)) + "]"
write("issue25-3-large.yaml", "name: large\nbase: {task: parity_check, model: lstm}\naxes:\n" + "".join(
    f"  {k}: {values}\n" for k in ["seed", "steps", "batch_size", "hidden_size", "eval_samples"]))
# Billion laughs through a mapping key.
bomb = ["name: bomb", "base: {task: parity_check, model: lstm}", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
bomb += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
write("alias-bomb.yaml", "\n".join(bomb) + "\n? *l8\n: 1\n")
write("alias-values.yaml", "name: a\nbase: &b {task: parity_check, model: lstm}\nmachines: {lstm: *b}\n")
write("deep-flow.yaml", "name: d\naxes: {seed: " + "[" * 2000 + "0" + "]" * 2000 + "}\n")
write("deep-block.yaml", "name: d\naxes:\n  seed:\n    " + "- " * 1200 + "0\n")
write("many-rules.yaml", "name: r\nbase: {task: parity_check, model: lstm}\nexclude:\n" + "".join(
    f"  - {{seed: {i}}}\n" for i in range(600)))
write("references.yaml", "name: r\nbase: {task: parity_check, model: lstm, seed: ${steps}, steps: ${seed}}\n")
write("numbers.yaml", "name: n\nbase: {task: parity_check, model: lstm, steps: 99999999999999999999, "
      "batch_size: -1, learning_rate: nan, hidden_size: 1e400, eval_samples: 4611686018427387904}\n")
write("unknown.yaml", "name: u\nbase: {task: no_such_task, model: lstm, no_such_setting: 1}\naxs: {}\n")
write("newline-key.yaml", 'name: n\nbase: {"hidden\\nsize": 1, task: parity_check, model: lstm}\n')
write("tags.yaml", "name: !!binary aGVsbG8=\nbase: !custom {task: parity_check, model: lstm}\n")
write("multi-document.yaml", "name: a\n---\nname: b\n")
write("not-utf8.yaml", b"name: \xe9t\xe9\n")
write("empty.yaml", "")
write("bom.yaml", "\ufeffname: b\nbase: {task: parity_check, model: lstm}\n")
