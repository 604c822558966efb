#!/usr/bin/env bash
# Reruns the reproducers of issue 25 ("Reliability II") against a reckon binary and checks the rules
# they broke: 0 crashes, 0 hangs, 0 writes outside the folders a command names, and for every refusal
# exit code 2, one line on stderr without raw Foundation or SQLite text, and nothing changed on disk.
#
#   scripts/reliability-reproducers.sh [RECKON] [CASE...]     (default .build/release/reckon, every case)
#
# Each case runs in a sandbox folder of its own ($CASE), so a snapshot of the sandbox (every entry's
# kind, a file's sha256, a link's target; times aside) shows any write outside the named folders.
#
# Adding a case: write a function `case_<name>` that prepares files under "$CASE" and runs reckon
# through `expect`, then add <name> to CASES below. `expect` takes what the command must do, then `--`
# and reckon's arguments (run inside $CASE):
#   expect refused -- ARGS        exit 2, one line, nothing in the sandbox changed
#   expect ok:PATHS -- ARGS       exit 0; only PATHS (comma-separated, relative to $CASE) may change
#   expect killed:PATHS -- ARGS   ended by the SIGKILL that RECKON_KILL_AT asks for; spelled
#                                 KILL_AT="write 1 partial" expect killed:D -- sweep run ...
# Any other end is counted: a signal (crash), the timeout (hang), another exit code (wrong status).
set -u

R=$(realpath "${1:-.build/release/reckon}")
[ -x "$R" ] || { echo "usage: $0 [RECKON] [CASE...]; no reckon binary at $R" >&2; exit 2; }
shift $(( $# > 0 ? 1 : 0 ))
TIMEOUT=${RECKON_REPRO_TIMEOUT:-300}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-reproducers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The issue's "tiny" run.
TINY=(--steps 20 --batch-size 8 --set hidden_size=16 --train-length 6 --eval-max-length 12 --eval-samples 4 --quiet)
MICRO_YAML='name: micro
base: {steps: 5, batch_size: 4, train_length: 4, eval_max_length: 6, eval_samples: 4, hidden_size: 8}
axes: {task: [parity_check], model: [lstm], seed: [0, 1]}'

checks=0 failures=0 crashes=0 hangs=0 outside=0 refusals=0

fail() { failures=$((failures + 1)); echo "  FAIL [$CASE_NAME] $*"; }

# Every entry under $1 except the paths given after it (relative to $1).
snapshot() {
    local root=$1; shift
    local prune=()
    for p in "$@"; do prune+=(-path "./$p" -prune -o); done
    (
        cd "$root" || exit
        find . -mindepth 1 "${prune[@]}" -printf '%y %p %l\n' | LC_ALL=C sort
        find . -mindepth 1 "${prune[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
    )
}

# expect WHAT -- reckon arguments...
expect() {
    local what=$1; shift
    [ "$1" = "--" ] && shift
    local kind=${what%%:*} paths=()
    [ "$what" != "$kind" ] && IFS=, read -r -a paths <<< "${what#*:}"
    [ "$kind" = refused ] && paths=()
    local before after status
    before=$(snapshot "$CASE" "${paths[@]}")
    # The outer 2>/dev/null drops bash's "Killed" notice for a command that ends by a signal.
    { (cd "$CASE" && if [ -n "${KILL_AT:-}" ]; then export RECKON_KILL_AT="$KILL_AT"; fi
        exec timeout -k 10 "$TIMEOUT" "$R" "$@") > "$WORK/stdout" 2> "$WORK/stderr"; } 2> /dev/null
    status=$?
    after=$(snapshot "$CASE" "${paths[@]}")
    checks=$((checks + 1))
    local shown="reckon $*"
    [ ${#shown} -gt 200 ] && shown="${shown:0:200}..."
    if [ $status -eq 124 ]; then hangs=$((hangs + 1)); fail "hang (> ${TIMEOUT}s): $shown"; return; fi
    if [ $status -gt 128 ] && ! { [ "$kind" = killed ] && [ $status -eq 137 ]; }; then
        crashes=$((crashes + 1)); fail "crash (signal $((status - 128))): $shown"; return
    fi
    case $kind in
        refused)
            refusals=$((refusals + 1))
            [ $status -eq 2 ] || fail "exit $status, not 2: $shown"
            [ "$(wc -l < "$WORK/stderr")" -eq 1 ] || fail "stderr is not one line: $shown: $(cat "$WORK/stderr")"
            if grep -qE 'NSCocoaErrorDomain|Error Domain=|UserInfo=|SQLite error|could not be completed' "$WORK/stderr"
            then fail "raw error text: $shown: $(cat "$WORK/stderr")"; fi
            ;;
        ok) [ $status -eq 0 ] || fail "exit $status, not 0: $shown: $(tail -1 "$WORK/stderr")" ;;
        killed) [ $status -eq 137 ] || fail "exit $status, not killed at '${KILL_AT:-}': $shown" ;;
        *) fail "unknown expectation '$what'" ;;
    esac
    if [ "$before" != "$after" ]; then
        outside=$((outside + 1))
        fail "changed on disk${paths:+ outside ${paths[*]}}: $shown:"
        diff <(echo "$before") <(echo "$after") | head -5 | sed 's/^/      /'
    fi
}

# stdout or stderr of the last `expect` contains (or, with !, lacks) an extended regex.
says() { grep -qE "$1" "$WORK/stdout" "$WORK/stderr" || fail "output lacks /$1/: $(head -c 300 "$WORK/stderr")"; }
lacks() { ! grep -qE "$1" "$WORK/stdout" "$WORK/stderr" || fail "output has /$1/"; }

train_tiny() { expect "ok:$1" -- train --task parity_check --model lstm "${TINY[@]}" --out "$1"; }
micro_sweep() { echo "$MICRO_YAML" > "$CASE/micro.yaml"; expect "ok:$1" -- sweep run micro.yaml --out "$1" --quiet --jobs 1; }

# 4: the lock file is followed through a symlink (eval, train --resume, and a sweep's .lock).
case_lock_symlink() {
    echo secret > "$CASE/victim.txt"
    train_tiny L
    rm "$CASE/L/.reckon.lock"; ln -s ../victim.txt "$CASE/L/.reckon.lock"
    expect refused -- eval L
    expect refused -- train --resume L
    micro_sweep D
    rm "$CASE/D/.lock"; ln -s ../victim.txt "$CASE/D/.lock"
    expect refused -- sweep run micro.yaml --out D
}

# 5: `report --out` replaced /dev/full and FIFOs; a character device like /dev/full is made in the
# sandbox (root only), so a failing binary cannot harm the real one.
case_report_special_files() {
    train_tiny L
    mkfifo "$CASE/fifo"
    ln -s victim.txt "$CASE/link.html"; echo secret > "$CASE/victim.txt"
    local targets=(fifo link.html L)
    mknod "$CASE/full" c 1 7 2>/dev/null && targets+=(full)
    for t in "${targets[@]}"; do expect refused -- report L --out "$t"; done
    expect ok:report.html -- report L --out report.html
}

# 8: a signal in the first ~30 ms of `sweep run` left a folder every rerun refused. SIGKILL at each
# phase of the setup's two atomic writes, then real SIGINTs a few milliseconds in.
case_setup_interrupted() {
    echo "$MICRO_YAML" > "$CASE/micro.yaml"
    local point n=0
    for point in "write 1 partial" "write 1 complete" "write 1 renamed" "write 2 partial" "write 2 complete"; do
        n=$((n + 1))
        KILL_AT=$point expect "killed:K$n" -- sweep run micro.yaml --out "K$n" --quiet --jobs 1
        expect "ok:K$n" -- sweep run micro.yaml --out "K$n" --quiet --jobs 1
        says "2 finished, 0 failed"
    done
    for delay in 0.005 0.01 0.02 0.03 0.05; do
        (cd "$CASE" && exec "$R" sweep run micro.yaml --out "S$delay" --quiet --jobs 1) > /dev/null 2>&1 &
        sleep "$delay"; kill -INT $! 2>/dev/null; wait $!
        expect "ok:S$delay" -- sweep run micro.yaml --out "S$delay" --quiet --jobs 1
        says "2 finished, 0 failed"
    done
}

# 9: exit 2, but the disk changed.
case_refusals_change_nothing() {
    expect refused -- train --task parity_check --model lstm "${TINY[@]}" \
        --out "$(python3 -c "print('/'.join(['d' * 200] * 25))")"
    mkdir "$CASE/mine"; echo notes > "$CASE/mine/notes.txt"
    echo "$MICRO_YAML" > "$CASE/micro.yaml"
    expect refused -- sweep run micro.yaml --out mine
    train_tiny L
    rm "$CASE/L/.reckon.lock"
    expect refused -- eval L --max-length 3
    expect refused -- train --resume L --steps 30
}

# 9: `results` and `status` on a damaged page of results.sqlite printed "SQLite error 11" and modified it.
case_damaged_database() {
    micro_sweep D
    local page
    for page in 1 5; do
        expect ok:D/results.sqlite -- sweep index D
        yes | head -c 4096 | dd of="$CASE/D/results.sqlite" bs=4096 seek=$page conv=notrunc status=none
        touch "$CASE"/D/runs/*/summary.json
        expect refused -- results D
        says "sweep index"
        expect refused -- sweep status D
    done
    expect ok:D/results.sqlite -- sweep index D
    expect ok:D/results.sqlite -- results D
}

# 11: an all-NaN checkpoint was evaluated with exit 0; "score": 1e308 showed as a 309-digit number.
case_impossible_contents() {
    train_tiny L
    python3 - "$CASE/L/checkpoint.safetensors" <<'PY'
import json, struct, sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
n = struct.unpack('<Q', data[:8])[0]
for name, entry in json.loads(data[8:8 + n]).items():
    if name.startswith('params.'):
        begin, end = entry['data_offsets']
        data[8 + n + begin:8 + n + end] = struct.pack('<f', float('nan')) * ((end - begin) // 4)
open(path, 'wb').write(data)
PY
    expect refused -- eval L
    expect refused -- train --resume L
    micro_sweep D
    local summary
    summary=$(ls "$CASE"/D/runs/*/summary.json | head -1)
    python3 -c "import json,sys; p=sys.argv[1]; s=json.load(open(p)); s['score']=1e308; json.dump(s, open(p,'w'))" \
        "$summary"
    expect ok:D/results.sqlite -- results D
    lacks '[0-9]{12}'
    expect ok:D/results.sqlite -- sweep status D
    says "corrupt: .*summary.json: .score. is 1e.308"
}

# Misleading messages: a FIFO or /dev/zero as the sweep file said "You don't have permission"; a folder as
# the sweep file, or --out a file, /proc or a link loop, printed NSCocoaErrorDomain text; seed -1 said
# "must be a positive integer" although 0 is valid.
case_messages() {
    echo "$MICRO_YAML" > "$CASE/micro.yaml"
    mkfifo "$CASE/fifo.yaml"
    for source in fifo.yaml /dev/zero .; do
        expect refused -- sweep run "$source" --out S
        lacks "permission"
    done
    echo x > "$CASE/plain"; ln -s loop "$CASE/loop"
    for out in plain loop /proc; do expect refused -- sweep run micro.yaml --out "$out"; done
    printf 'name: n\nbase: {task: parity_check, model: lstm, seed: -1}\n' > "$CASE/negative.yaml"
    expect refused -- sweep run negative.yaml --out S --dry-run
    says "from 0 to"
}

# 10: --eval-samples 4611686018427387904 was accepted; evaluation then aborted allocating 1.27 GB, and
# `reckon eval` aborted again. Now at most 10^6 per length, from the flag, --set and config.json.
case_eval_samples() {
    expect refused -- train --task parity_check --model lstm --out L "${TINY[@]}" --eval-samples 4611686018427387904
    expect refused -- train --task parity_check --model lstm --out L "${TINY[@]}" --set eval_samples=1000001
    train_tiny L
    python3 -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); c['evalSamples']=4611686018427387904; json.dump(c, open(p,'w'))" \
        "$CASE/L/config.json"
    expect refused -- eval L
}

CASES=(lock_symlink report_special_files setup_interrupted refusals_change_nothing damaged_database
    impossible_contents messages eval_samples)
[ $# -gt 0 ] && CASES=("$@")

for CASE_NAME in "${CASES[@]}"; do
    CASE="$WORK/$CASE_NAME"
    mkdir -p "$CASE"
    before=$failures
    "case_$CASE_NAME"
    [ $failures -eq "$before" ] && echo "ok   $CASE_NAME" || echo "FAIL $CASE_NAME"
done
echo "$checks commands ($refusals refusals): $crashes crashes, $hangs hangs, $outside changed the disk where they" \
    "must not, $failures failed checks"
[ $failures -eq 0 ]
