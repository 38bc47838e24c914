#!/usr/bin/env bash
# The cost-to-best benchmark of search methods: replays the recorded grid (table.jsonl, made by
# record.sh from grid.yaml, whose lists are the space searched) with each method over SEEDS seeds
# and a budget of BUDGET of the grid's tokens.
# With PEERS=1 the same replay runs in Optuna too (installed from PyPI into .build/search-venv).
# Output: the tables on stdout; JSON in $BENCH_DIR/search.json (and search-optuna.json).
set -euo pipefail
cd "$(dirname "$0")/../../.."
BENCH_DIR=${BENCH_DIR:-.build/bench} SEEDS=${SEEDS:-20} BUDGET=${BUDGET:-0.3} PEERS=${PEERS:-0}
TABLE=experiments/bench/search/table.jsonl GRID=experiments/bench/search/grid.yaml
mkdir -p "$BENCH_DIR"
${RELEASE_BUILD:-swift build -c release --static-swift-stdlib} --product ftsweep-bench-search >/dev/null
.build/release/ftsweep-bench-search replay $TABLE $GRID "$SEEDS" "$BUDGET" | tee "$BENCH_DIR/search.out" | sed '$d'
tail -1 "$BENCH_DIR/search.out" > "$BENCH_DIR/search.json"
if [ "$PEERS" = 1 ]; then
  VENV=.build/search-venv
  test -x $VENV/bin/python || python3 -m venv $VENV
  $VENV/bin/pip install -q optuna
  .build/release/ftsweep-bench-search curves $TABLE $GRID > "$BENCH_DIR/search-curves.json"
  PYTHONDONTWRITEBYTECODE=1 $VENV/bin/python experiments/bench/peers/optuna_replay.py "$BENCH_DIR/search-curves.json" "$SEEDS" "$BUDGET" \
    | tee "$BENCH_DIR/search-optuna.out" | sed '$d'
  tail -1 "$BENCH_DIR/search-optuna.out" > "$BENCH_DIR/search-optuna.json"
fi
