#!/bin/sh
# Runs the refactor byte-identity set (the runs' stdout, which holds wall times, is dropped) with one binary into one folder and prints the sha256 of each
# run's checkpoint.safetensors and eval.csv, the score fields of summary.json, and a dump of the
# tiny sweep's results.sqlite rows. Compare two binaries with:
#   scripts/byte-identity.sh OLD/reckon /tmp/before > before.txt
#   scripts/byte-identity.sh .build/release/reckon /tmp/after > after.txt; diff before.txt after.txt
set -eu
R=$1
D=$2
rm -rf "$D"
mkdir -p "$D"
SMALL="--steps 60 --batch-size 16 --train-length 10 --eval-max-length 20 --eval-samples 16 --checkpoint-every 30 --quiet"
"$R" train --task reverse_string --model lstm $SMALL --set hidden_size=32 --out "$D/lstm" > /dev/null
"$R" train --task reverse_string --model stack_rnn $SMALL --set hidden_size=32 --out "$D/stack_rnn" > /dev/null
"$R" train --task copy --model ntm $SMALL --out "$D/ntm" > /dev/null
"$R" train --task arithmetic_function --model nau --task-set operation=add --steps 300 --batch-size 32 \
    --eval-samples 256 --checkpoint-every 100 --quiet --out "$D/nau" > /dev/null
"$R" train --task sort --model pointer_net --set hidden_size=32 --min-train-length 2 --train-length 6 \
    --eval-max-length 10 --steps 60 --batch-size 16 --eval-samples 16 --checkpoint-every 30 --quiet --out "$D/pointer_net" > /dev/null
"$R" train --task decimal_addition --model transformer_lm --task-set format=reversed --set num_layers=1 \
    --set num_heads=2 --set embedding_dim=32 --set dropout_prob=0 --train-length 3 --eval-max-length 5 \
    --steps 60 --batch-size 16 --eval-samples 16 --checkpoint-every 30 --quiet --out "$D/transformer_lm" > /dev/null
for m in lstm stack_rnn ntm nau pointer_net transformer_lm; do
    echo "$m checkpoint $(sha256sum < "$D/$m/checkpoint.safetensors" | cut -c1-64)"
    echo "$m eval.csv $(sha256sum < "$D/$m/eval.csv" | cut -c1-64)"
    python3 -c "
import json,sys
s=json.load(open('$D/$m/summary.json'))
keep={k:v for k,v in s.items() if any(w in k for w in ('score','accuracy','mse','solved','best','task_metrics','status'))}
print('$m summary', json.dumps(keep, sort_keys=True))"
done
"$R" sweep run examples/sweeps/tiny.yaml --out "$D/tiny" --quiet > /dev/null 2>&1 || "$R" sweep run examples/sweeps/tiny.yaml --out "$D/tiny" > /dev/null
python3 - "$D/tiny/results.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
skip = {'fingerprint', 'indexed_at', 'mtime', 'modified', 'wall_seconds', 'duration', 'path', 'seconds', 'steps_per_s'}
for (t,) in db.execute("select name from sqlite_master where type='table' and name not like 'grdb%' order by name"):
    cols = [r[1] for r in db.execute(f"pragma table_info({t})")]
    keep = [c for c in cols if not any(s in c for s in skip)]
    print("table", t, "columns", ",".join(cols))
    for row in db.execute(f"select {','.join(keep)} from {t} order by {','.join(keep)}"):
        print(t, row)
PY
