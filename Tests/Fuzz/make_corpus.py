#!/usr/bin/env python3
"""Writes Tests/Fuzz/corpus: real checkpoints of the fuzz target's run and hostile variants.

Usage: python3 Tests/Fuzz/make_corpus.py [path/to/reckon]   (default .build/release/reckon)
The corpus is committed; this script only documents how it was made and can remake it.
"""
import json, os, struct, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
reckon = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", ".build", "release", "reckon")
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)

def checkpoint(steps):
    run = os.path.join(tempfile.mkdtemp(), "run")
    subprocess.run([reckon, "train", "--task", "parity_check", "--model", "lstm", "--steps", str(steps),
                    "--batch-size", "2", "--train-length", "3", "--eval-max-length", "4", "--eval-samples", "1",
                    "--checkpoint-every", str(steps), "--set", "hidden_size=4", "--quiet", "--out", run],
                   check=True, stdout=subprocess.DEVNULL)
    return open(os.path.join(run, "checkpoint.safetensors"), "rb").read()

def parse(data):
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]

def build(header, buffer):
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + buffer

def retensor(data, changes):
    """Rebuilds a file with some tensors replaced ({name: (shape, floats)}, None removes)."""
    header, buffer = parse(data)
    meta = header.pop("__metadata__", None)
    tensors = {k: (v["shape"], buffer[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}
    for k, v in changes.items():
        if v is None: tensors.pop(k, None)
        else: tensors[k] = (v[0], struct.pack("<%df" % len(v[1]), *v[1]))
    new, buf = ({"__metadata__": meta} if meta is not None else {}), b""
    for k in sorted(tensors):
        shape, raw = tensors[k]
        new[k] = {"dtype": "F32", "shape": shape, "data_offsets": [len(buf), len(buf) + len(raw)]}
        buf += raw
    return build(new, buf)

def remeta(data, **changes):
    header, buffer = parse(data)
    header["__metadata__"].update(changes)
    return build(header, buffer)

def write(name, data):
    open(os.path.join(out, name), "wb").write(data)

valid = checkpoint(20)
write("valid-step20.safetensors", valid)
write("valid-step10.safetensors", checkpoint(10))
header, buffer = parse(valid)
# Bug 1: both core.bias moments of shape [1].
write("moments-wrong-shape.safetensors", retensor(valid, {"optimizer.adam.m.core.bias": ([1], [0.0]),
                                                         "optimizer.adam.v.core.bias": ([1], [0.0])}))
write("moments-missing.safetensors", retensor(valid, {"optimizer.adam.v.core.bias": None}))
write("moments-extra.safetensors", retensor(valid, {"optimizer.adam.m.ghost": ([2], [1.0, 2.0])}))
write("param-wrong-shape.safetensors", retensor(valid, {"params.core.bias": ([4, 4], [0.0] * 16)}))
write("nan-weights.safetensors", retensor(valid, {"params.head.linear.bias": ([2], [float("nan"), float("inf")])}))
# Bug 7: step counters.
for name, value in [("int-max", str(2**63 - 1)), ("negative", "-1"), ("zero", "0"), ("text", "x")]:
    write("optimizer-steps-%s.safetensors" % name, remeta(valid, optimizer_steps=value))
write("step-beyond-run.safetensors", remeta(valid, step="21", optimizer_steps="21"))
write("foreign-model.safetensors", remeta(valid, model="rnn"))
# Hostile containers.
write("empty.safetensors", b"")
write("short.safetensors", b"\x10\x00\x00")
write("truncated.safetensors", valid[: len(valid) // 2])
write("header-length-huge.safetensors", struct.pack("<Q", 2**64 - 1) + valid[8:])
write("header-not-json.safetensors", build({}, b"")[:8] + b"{not json}      ")
deep = b"[" * 200 + b"]" * 200
write("header-deep.safetensors", struct.pack("<Q", len(deep)) + deep)
write("dtype-f16.safetensors", build({"a": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}, b"\x00\x00"))
write("shape-overflow.safetensors",
      build({"a": {"dtype": "F32", "shape": [2**40, 2**40], "data_offsets": [0, 4]}}, b"\x00" * 4))
write("offsets-overlap.safetensors", build({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                           "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\x00" * 8))
write("metadata-not-strings.safetensors", build({"__metadata__": {"step": 3}}, b""))
dup = b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
dup += b" " * (-len(dup) % 8)
write("duplicate-key.safetensors", struct.pack("<Q", len(dup)) + dup + b"\x00" * 4)
print("wrote", len(os.listdir(out)), "files to", out)
