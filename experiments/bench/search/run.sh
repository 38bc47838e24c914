#!/usr/bin/env bash
# The cost-to-best benchmark of search methods: replays the recorded grid (table.jsonl, made by
# record.sh from grid.yaml) with each method over SEEDS seeds and a budget of BUDGET of the grid's
# tokens, in two spaces: the grid's own lists (grid.yaml) and the same ranges as a user writes them
# (space.yaml: the multiplier log-uniform, the knobs uniform), whose suggestions run as the grid's
# nearest trials.
# With PEERS=1 the same replays run in Optuna too (installed from PyPI into .build/search-venv).
# Output: the tables on stdout; JSON in $BENCH_DIR/search{,-ranges}.json (and search-optuna{,-grid}.json).
set -euo pipefail
cd "$(dirname "$0")/../../.."
BENCH_DIR=${BENCH_DIR:-.build/bench} SEEDS=${SEEDS:-20} BUDGET=${BUDGET:-0.3} PEERS=${PEERS:-0}
TABLE=experiments/bench/search/table.jsonl GRID=experiments/bench/search/grid.yaml SPACE=experiments/bench/search/space.yaml
mkdir -p "$BENCH_DIR"
${RELEASE_BUILD:-swift build -c release --static-swift-stdlib} --product ftsweep-bench-search >/dev/null
.build/release/ftsweep-bench-search replay $TABLE $GRID "$SEEDS" "$BUDGET" | tee "$BENCH_DIR/search.out" | sed '$d'
tail -1 "$BENCH_DIR/search.out" > "$BENCH_DIR/search.json"
.build/release/ftsweep-bench-search replay $TABLE $GRID "$SEEDS" "$BUDGET" $SPACE | tee "$BENCH_DIR/search-ranges.out" | sed '$d'
tail -1 "$BENCH_DIR/search-ranges.out" > "$BENCH_DIR/search-ranges.json"
if [ "$PEERS" = 1 ]; then
  VENV=.build/search-venv
  test -x $VENV/bin/python || python3 -m venv $VENV
  $VENV/bin/pip install -q optuna
  .build/release/ftsweep-bench-search curves $TABLE $GRID > "$BENCH_DIR/search-curves.json"
  PYTHONDONTWRITEBYTECODE=1 $VENV/bin/python experiments/bench/peers/optuna_replay.py "$BENCH_DIR/search-curves.json" "$SEEDS" "$BUDGET" \
    | tee "$BENCH_DIR/search-optuna.out" | sed '$d'
  tail -1 "$BENCH_DIR/search-optuna.out" > "$BENCH_DIR/search-optuna.json"
  PYTHONDONTWRITEBYTECODE=1 $VENV/bin/python experiments/bench/peers/optuna_replay.py --space grid "$BENCH_DIR/search-curves.json" "$SEEDS" "$BUDGET" \
    | tee "$BENCH_DIR/search-optuna-grid.out" | sed '$d'
  tail -1 "$BENCH_DIR/search-optuna-grid.out" > "$BENCH_DIR/search-optuna-grid.json"
  echo "the issue's pairs on the grid's lists:"
  python3 experiments/bench/peers/search_pairs.py "$BENCH_DIR/search.json" "$BENCH_DIR/search-optuna-grid.json"
  echo "the issue's pairs in the ranges:"
  python3 experiments/bench/peers/search_pairs.py "$BENCH_DIR/search-ranges.json" "$BENCH_DIR/search-optuna.json"
fi
