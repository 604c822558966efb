#!/bin/sh
# transformer_lm on decimal_addition, trained on 1-8 digits and evaluated to 16, in the plain,
# reversed and index_hints formats (docs/results/arithmetic.md). A small budget for a 2-core
# machine: 2 blocks of width 64 with 4 heads, RoPE, no dropout, batch 64, Adam 1e-3,
# STEPS steps (default 3000), 128 evaluation sequences per digit count; one thread.
#
# Usage: examples/arithmetic/decimal_formats.sh [RECKON] [OUT]
set -eu
RECKON=${1:-.build/release/reckon}
OUT=${2:-runs/decimal_formats}
STEPS=${STEPS:-3000}
SEED=${SEED:-0}
export RECKON_THREADS=1
mkdir -p "$OUT"
for format in plain reversed index_hints; do
  dir="$OUT/$format-s$SEED"
  if [ ! -f "$dir/summary.json" ]; then
    rm -rf "$dir"
    "$RECKON" train --task decimal_addition --model transformer_lm --task-set format="$format" --seed "$SEED" \
      --steps "$STEPS" --batch-size 64 --set num_layers=2 --set embedding_dim=64 --set num_heads=4 \
      --set dropout_prob=0 --set positional_encodings=rotary --train-length 8 --eval-max-length 16 \
      --eval-samples 128 --eval-batch-size 64 --checkpoint-every "$STEPS" --out "$dir" --quiet
  fi
  echo "$format"
  cat "$dir/eval.csv"
done
