#!/bin/sh
# The Python half of the dataset tests: exported datasets load with pandas and Hugging Face `datasets`,
# in a small virtual environment (.build/python-venv) made here. Skipped, with a notice, without python3.
set -eu
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null 2>&1; then
    echo "test-python: python3 not found; skipping the dataset loader test"
    exit 0
fi
venv=.build/python-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check pandas datasets
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
reckon=.build/release/reckon
$reckon dataset export reverse_string --lengths 1-30 --samples 8 --train-samples 50 --out "$tmp/tokens" >/dev/null
$reckon dataset export reverse_string --lengths 1-30 --samples 8 --format csv --out "$tmp/csv" >/dev/null
$reckon dataset export copy --lengths 1-10 --samples 4 --out "$tmp/bits" >/dev/null
$reckon dataset export markov_source --lengths 1-20 --samples 4 --out "$tmp/prediction" >/dev/null
"$venv/bin/python" scripts/check-dataset-loaders.py "$tmp/tokens" "$tmp/csv" "$tmp/bits" "$tmp/prediction"
