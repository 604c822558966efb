#!/bin/sh
# The static function task at a small budget (docs/results/arithmetic.md): NAU, NMU, NALU and
# linear on add, sub and mul, seeds 0-9, one run at a time on one thread.
#
# Budget: 50 000 steps (the paper: 5 000 000), batch 128, Adam 1e-3, no gradient clipping (as
# stable-nalu), 10 000 evaluation samples per range. Regularizer schedules are moved inside the
# budget: the NMU's 10^6 -> 2·10^6 of 5·10^6 steps keeps its fractions (10 000 -> 20 000); the
# NAU's 5 000 -> 50 000 would reach full weight only at the last step, so it ends at 25 000.
# The sweep files cannot set task settings yet, hence a script.
#
# Usage: examples/arithmetic/function_task.sh [RECKON] [OUT]; prints one line per run.
# STEPS, SEEDS, OPS and MODELS override the budget, seeds, operations and machines.
set -eu
RECKON=${1:-.build/release/reckon}
OUT=${2:-runs/function_task}
STEPS=${STEPS:-50000}
SEEDS=${SEEDS:-"0 1 2 3 4 5 6 7 8 9"}
OPS=${OPS:-"add sub mul"}
MODELS=${MODELS:-"nau nmu nalu linear"}
export RECKON_THREADS=1
mkdir -p "$OUT"
for seed in $SEEDS; do
  for op in $OPS; do
    for model in $MODELS; do
      extra=""
      if [ "$model" = nmu ]; then
        extra="--set regularizer_start=$((STEPS / 5)) --set regularizer_end=$((STEPS * 2 / 5))"
      elif [ "$model" = nau ]; then
        extra="--set regularizer_start=$((STEPS / 10)) --set regularizer_end=$((STEPS / 2))"
      fi
      dir="$OUT/$op-$model-s$seed"
      if [ ! -f "$dir/summary.json" ]; then
        rm -rf "$dir"
        # Exit 3 (diverged) is a result, not an error of the script.
        "$RECKON" train --task arithmetic_function --model "$model" --task-set operation="$op" \
          --task-set subset_seed="$seed" --seed "$seed" --steps "$STEPS" --max-grad-norm 1e30 \
          --eval-samples 10000 --eval-batch-size 1000 --checkpoint-every "$STEPS" \
          $extra --out "$dir" --quiet > /dev/null 2>&1 || true
      fi
      python3 -c "
import json,sys
s=json.load(open('$dir/summary.json'))
print('$op', '$model', $seed, s['status'], s.get('solved'), s.get('mse'))
" || echo "$op $model $seed missing"
    done
  done
done
