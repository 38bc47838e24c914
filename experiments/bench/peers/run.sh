#!/usr/bin/env bash
# Peers benchmark: the same fine-tuning results ingested into, ranked from and listed by ftsweep, MLflow and
# Optuna, every figure measured in the same run, with ftsweep's speed as a multiple of each peer's.
# Usage, from the repository root after `make build`: experiments/bench/peers/run.sh
#   PEER_RUNS, PEER_STEPS  the workload (default 200 runs of 500 steps; ftsweep-bench make-results writes it)
#   RUNS                   hyperfine runs per command, ftsweep's ingest included (default 5; medians)
#   PEER_INGEST_RUNS       MLflow and Optuna ingest repetitions (default 1: each takes minutes at the default size)
# Output: the table on stdout (progress on stderr), JSON in .build/bench/peers/results.json; under the same
# folder, raw/ the raw measurements, data/ the workload, stores/ the three stores. MLflow and Optuna are
# installed from PyPI into .build/bench/peers/venv (reused); a peer whose install fails is noted and left out.
set -euo pipefail
cd "$(dirname "$0")/../../.."
HERE=experiments/bench/peers
DIR=.build/bench/peers
PEER_RUNS=${PEER_RUNS:-200} PEER_STEPS=${PEER_STEPS:-500} RUNS=${RUNS:-5} PEER_INGEST_RUNS=${PEER_INGEST_RUNS:-1}
FTSWEEP=.build/release/ftsweep
BENCH=.build/release/ftsweep-bench
DATA=$DIR/data
RAW=$DIR/raw
STORES=$DIR/stores
VENV=$DIR/venv
PY=$VENV/bin/python
LEDGER=$STORES/ftsweep/ledger.sqlite
WHERE='batch_size = 8 and n_epochs >= 2'
QUERY="runs ls --ledger $LEDGER --sort full_valid_loss --limit 10 --format jsonl --where"
# No __pycache__ in the source tree (the venv's packages keep the bytecode pip compiled; PYTHONPYCACHEPREFIX
# would ignore it and make every import compile); MLflow sends no usage telemetry.
export PYTHONDONTWRITEBYTECODE=1 MLFLOW_DISABLE_TELEMETRY=true

[ -x $FTSWEEP ] || { echo "error: $FTSWEEP is missing; run make build first" >&2; exit 1; }
[ -x $BENCH ] || swift build -c release --product ftsweep-bench >/dev/null
command -v hyperfine >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; }
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; }
rm -rf $RAW $STORES
mkdir -p $RAW $STORES
cut -d' ' -f1-3 /proc/loadavg >$RAW/loadavg  # the machine is shared: what else was running shows here
progress() { echo "$*" >&2; }

# The peers, pinned; a failed install leaves that peer out.
[ -x $PY ] || python3 -m venv $VENV
peers=()
for spec in mlflow==3.17.2 optuna==5.0.0; do
  name=${spec%%==*}
  progress "installing $spec"
  if $PY -m pip install -q --disable-pip-version-check "$spec" >"$RAW/pip-$name.log" 2>&1; then peers+=("$name")
  else echo "note: installing $spec failed (see $RAW/pip-$name.log); going on without it"; fi
done

# The workload: deterministic, and written anew each time (well under a second), so it is never stale.
progress "writing the workload: $PEER_RUNS runs of $PEER_STEPS steps"
rm -rf $DATA
$BENCH make-results $DATA "$PEER_RUNS" "$PEER_STEPS"

# hyperfine NAME COMMAND [OPTION…]: the whole process, $RUNS timed runs after 3 warm-ups, into raw/NAME.json.
timeit() {
  hyperfine -N --warmup 3 --runs "$RUNS" "${@:3}" --export-json "$RAW/$1.json" "$2" >/dev/null 2>"$RAW/$1.log" ||
    echo "note: timing $1 failed (see $RAW/$1.log)"
}

# 1. Ingest. ftsweep: the whole `ftsweep ingest --manifest` process into a new ledger, timed by hyperfine; then
# once more under /usr/bin/time for the bytes it writes (%O: the kernel's write_bytes in 512-byte blocks).
progress "ingest: ftsweep"
INGEST="$FTSWEEP ingest --manifest $DATA/manifest.jsonl --ledger $LEDGER"
timeit ingest-ftsweep "$INGEST" --prepare "rm -f $LEDGER $LEDGER-wal $LEDGER-shm"
rm -f $LEDGER $LEDGER-wal $LEDGER-shm
/usr/bin/time -f %O -o $RAW/ingest-ftsweep.blocks $INGEST >/dev/null
ingested=()
for peer in "${peers[@]}"; do
  progress "ingest: $peer, $PEER_INGEST_RUNS time(s)"
  ok=1
  for _ in $(seq "$PEER_INGEST_RUNS"); do
    rm -rf "$STORES/$peer"
    $PY $HERE/"$peer"_peer.py ingest $DATA "$STORES/$peer" >>"$RAW/ingest-$peer.jsonl" 2>>"$RAW/ingest-$peer.log" || ok=0
  done
  if [ $ok = 1 ]; then ingested+=("$peer"); else echo "note: $peer ingest failed (see $RAW/ingest-$peer.log)"; fi
done

# 2. The ranking query: whole process for all three, in-process (after imports) for the peers.
progress "query"
$FTSWEEP $QUERY "$WHERE" >$RAW/top-ftsweep.jsonl
timeit query-ftsweep "$FTSWEEP $QUERY '$WHERE'"
for peer in "${ingested[@]}"; do
  timeit "query-$peer" "$PY $HERE/${peer}_peer.py query $STORES/$peer"
  if ! $PY $HERE/"$peer"_peer.py query "$STORES/$peer" "$RUNS" >"$RAW/inproc-$peer.json" 2>"$RAW/inproc-$peer.log"; then
    rm "$RAW/inproc-$peer.json"
    echo "note: $peer in-process query failed (see $RAW/inproc-$peer.log)"
  fi
done

# 3. CLI cold start: the version, and listing the runs.
progress "cold start"
timeit version-ftsweep "$FTSWEEP --version"
timeit list-ftsweep "$FTSWEEP runs ls --ledger $LEDGER --limit 10"
for peer in "${ingested[@]}"; do
  timeit "version-$peer" "$VENV/bin/$peer --version"
  case $peer in
    mlflow)
      experiment=$(grep -o '"experiment_id":"[0-9]*"' $RAW/ingest-mlflow.jsonl | tail -1 | grep -o '[0-9]*')
      MLFLOW_TRACKING_URI=sqlite:///$PWD/$STORES/mlflow/mlflow.db \
        timeit list-mlflow "$VENV/bin/mlflow runs list --experiment-id $experiment" ;;
    optuna)
      timeit list-optuna "$VENV/bin/optuna trials --study-name peers --storage sqlite:///$PWD/$STORES/optuna/optuna.db" ;;
  esac
done

$PY $HERE/report.py $DIR $DATA "$($FTSWEEP --version)"
