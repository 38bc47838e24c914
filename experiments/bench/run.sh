#!/usr/bin/env bash
# `make bench`: every figure beside a reference measured in the same run, as a ratio.
# The machine is shared and noisy, so each figure is the median of several runs, with min–max.
# Results: a table on stdout and JSON in $BENCH_DIR/results.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH_DIR=${BENCH_DIR:-.build/bench}
RUNS=${RUNS:-5}
FTSWEEP=.build/release/ftsweep
BENCH=.build/release/ftsweep-bench
# The Python references (tiktoken, the cookbook) read the same rank files that ftsweep has built in.
export FTSWEEP_TOKENIZERS=${FTSWEEP_TOKENIZERS:-$PWD/Sources/CTokenizerRanks/ranks}
mkdir -p "$BENCH_DIR"

RELEASE_BUILD=${RELEASE_BUILD:-swift build -c release --static-swift-stdlib}
$RELEASE_BUILD --product ftsweep-bench >/dev/null
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; }
python3 -c "import tiktoken" 2>/dev/null || python3 -m pip install -q tiktoken >/dev/null 2>&1 || true

# Workloads (deterministic; reused when present).
[ -s "$BENCH_DIR/data.jsonl" ] || $BENCH make-jsonl "$BENCH_DIR/data.jsonl" 200
[ -s "$BENCH_DIR/text.txt" ] || $BENCH make-text "$BENCH_DIR/data.jsonl" "$BENCH_DIR/text.txt" 20
[ -s "$BENCH_DIR/data-20mb.jsonl" ] || head -c 20000000 "$BENCH_DIR/data.jsonl" | sed '$d' > "$BENCH_DIR/data-20mb.jsonl"
if [ ! -s "$BENCH_DIR/1gib.bin" ]; then
  for _ in 1 2 3 4 5 6; do cat "$BENCH_DIR/data.jsonl"; done | head -c 1073741824 > "$BENCH_DIR/1gib.bin" || true
fi

# median MIN MAX of numbers on stdin
stats() { sort -g | awk '{a[NR]=$1} END {printf "%s %s %s\n", a[int((NR+1)/2)], a[1], a[NR]}'; }
wall() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
repeat() { for _ in $(seq "$RUNS"); do wall "$@"; done | stats; }

echo "ftsweep bench — $(nproc) cores, $RUNS runs each, median (min–max)"
echo

# 1. SHA-256 of 1 GiB: ftsweep data digest vs openssl dgst -sha256.
read -r sha_ours sha_ours_min sha_ours_max < <(repeat $FTSWEEP data digest "$BENCH_DIR/1gib.bin")
read -r sha_ref sha_ref_min sha_ref_max < <(repeat openssl dgst -sha256 "$BENCH_DIR/1gib.bin")
sha_ratio=$(awk -v a="$sha_ref" -v b="$sha_ours" 'BEGIN {printf "%.2f", a / b}')
printf "%-34s %8s s (%s–%s)   openssl %s s (%s–%s)   ratio %s (target ≥ 0.9)\n" "SHA-256, 1 GiB" \
  "$sha_ours" "$sha_ours_min" "$sha_ours_max" "$sha_ref" "$sha_ref_min" "$sha_ref_max" "$sha_ratio"

# 2. Tokenisation of the same 20 MB text: in-process MB/s, ftsweep vs tiktoken (o200k_base).
tok_ours=() tok_ref=()
for _ in $(seq 3); do
  read -r tokens_ours rate < <($BENCH tokenize "$BENCH_DIR/text.txt" o200k_base); tok_ours+=("$rate")
  if read -r tokens_ref rate_ref < <(python3 experiments/bench/tiktoken_rate.py "$BENCH_DIR/text.txt" o200k_base "$FTSWEEP_TOKENIZERS" 2>/dev/null); then
    tok_ref+=("$rate_ref")
  fi
done
read -r tok_med tok_min tok_max < <(printf "%s\n" "${tok_ours[@]}" | stats)
if [ ${#tok_ref[@]} -gt 0 ]; then
  read -r ref_med ref_min ref_max < <(printf "%s\n" "${tok_ref[@]}" | stats)
  tok_ratio=$(awk -v a="$tok_med" -v b="$ref_med" 'BEGIN {printf "%.2f", a / b}')
  [ "$tokens_ours" = "$tokens_ref" ] && same="same $tokens_ours tokens" || same="TOKEN COUNTS DIFFER: $tokens_ours vs $tokens_ref"
else
  ref_med=n/a ref_min=- ref_max=- tok_ratio=n/a same="tiktoken unavailable"
fi
printf "%-34s %8.1f MB/s (%.1f–%.1f)   tiktoken %s MB/s (%s–%s)   ratio %s (target ≥ 1.0; %s)\n" "tokenisation, 20 MB, 1 core" \
  "$tok_med" "$tok_min" "$tok_max" "$(printf %.1f "$ref_med" 2>/dev/null || echo "$ref_med")" "$(printf %.1f "$ref_min" 2>/dev/null || echo -)" "$(printf %.1f "$ref_max" 2>/dev/null || echo -)" "$tok_ratio" "$same"

# 3. data validate on 200 MB: MB/s and peak memory; the cookbook notebook's loop on 20 MB for reference.
size_mb=$(awk -v b="$(stat -c %s "$BENCH_DIR/data.jsonl")" 'BEGIN {printf "%.1f", b / 1e6}')
val_times=() peak=0
for _ in $(seq "$RUNS"); do
  out=$(/usr/bin/time -f "%e %M" $FTSWEEP data validate "$BENCH_DIR/data.jsonl" 2>&1 >/dev/null | tail -1)
  val_times+=("$(echo "$out" | cut -d' ' -f1)"); kb=$(echo "$out" | cut -d' ' -f2); [ "$kb" -gt "$peak" ] && peak=$kb
done
read -r val_med val_min val_max < <(printf "%s\n" "${val_times[@]}" | stats)
val_rate=$(awk -v s="$size_mb" -v t="$val_med" 'BEGIN {printf "%.1f", s / t}')
val_rate_min=$(awk -v s="$size_mb" -v t="$val_max" 'BEGIN {printf "%.1f", s / t}')
val_rate_max=$(awk -v s="$size_mb" -v t="$val_min" 'BEGIN {printf "%.1f", s / t}')
if read -r _ cook_rate _ < <(python3 experiments/bench/cookbook_validate.py "$BENCH_DIR/data-20mb.jsonl" "$FTSWEEP_TOKENIZERS" 2>/dev/null); then
  cook_ratio=$(awk -v a="$val_rate" -v b="$cook_rate" 'BEGIN {printf "%.1f", a / b}'); cook_rate=$(printf %.1f "$cook_rate")
else
  cook_rate=n/a cook_ratio=n/a
fi
printf "%-34s %8s MB/s (%s–%s), peak %s MiB   cookbook notebook %s MB/s   ratio %s (target ≥ 100 MB/s)\n" "data validate, $size_mb MB" \
  "$val_rate" "$val_rate_min" "$val_rate_max" "$((peak / 1024))" "$cook_rate" "$cook_ratio"

# 3b. Memory stays flat with size: one validation of a 500 MB file (the 200 MB file, repeated).
# (cat is outside the pipeline: head closing early would end it with SIGPIPE, which pipefail reports.)
[ -s "$BENCH_DIR/data-500mb.jsonl" ] || { head -c 500000000 < <(cat "$BENCH_DIR/data.jsonl" "$BENCH_DIR/data.jsonl" "$BENCH_DIR/data.jsonl") | sed '$d' > "$BENCH_DIR/data-500mb.jsonl"; }
read -r big_s big_kb < <(/usr/bin/time -f "%e %M" $FTSWEEP data validate "$BENCH_DIR/data-500mb.jsonl" 2>&1 >/dev/null | tail -1)
printf "%-34s %8.1f MB/s, peak %s MiB (200 MB: peak %s MiB)\n" "data validate, 500 MB" "$(awk -v t="$big_s" 'BEGIN {print 500 / t}')" "$((big_kb / 1024))" "$((peak / 1024))"

# 4. The local trainer: trained tokens per second on one core, against its own arithmetic limit.
read -r train_rate train_limit < <($BENCH train experiments/data/triage/train.jsonl experiments/data/triage/valid.jsonl)
train_ratio=$(awk -v a="$train_rate" -v b="$train_limit" 'BEGIN {printf "%.2f", a / b}')
printf "%-34s %8.0f tokens/s/core   multiply-add limit %.0f tokens/s   ratio %s\n" "local trainer (local-base)" "$train_rate" "$train_limit" "$train_ratio"

# 5. The demo sweep (16 trials) end to end with the release build; target ≤ 90 s.
demo_times=()
for _ in $(seq 3); do
  rm -rf "$BENCH_DIR/demo"
  demo_times+=("$(wall $FTSWEEP sweep launch experiments/sweeps/triage.yaml --ledger "$BENCH_DIR/demo/ledger.sqlite")")
done
read -r demo_med demo_min demo_max < <(printf "%s\n" "${demo_times[@]}" | stats)
demo_ratio=$(awk -v t="$demo_med" 'BEGIN {printf "%.1f", 90 / t}')
printf "%-34s %8s s (%s–%s)   target 90 s   ratio %s× under\n" "demo sweep, 16 trials" "$demo_med" "$demo_min" "$demo_max" "$demo_ratio"

# 6. Ingest of result CSVs (2,000 runs × 1,000 steps = 2M rows) as a whole `ftsweep ingest --manifest`
#    process, against the limit: a C loop of prepared inserts in one transaction on the same rows
#    (experiments/bench/raw_insert.c), also a whole process. Bytes written: getrusage's block outputs.
cc -O2 -o "$BENCH_DIR/raw_insert" experiments/bench/raw_insert.c -lsqlite3
workload() { [ -s "$BENCH_DIR/w-$1x$2/manifest.jsonl" ] || $BENCH make-results "$BENCH_DIR/w-$1x$2" "$1" "$2"; echo "$BENCH_DIR/w-$1x$2"; }
W2M=$(workload 2000 1000)
ing_ours=() ing_ref=()
for _ in $(seq "$RUNS"); do
  rm -f "$BENCH_DIR"/ingest.sqlite* "$BENCH_DIR"/raw.sqlite*
  read -r secs _ ours_w < <(/usr/bin/time -f "%e %M %O" $FTSWEEP ingest --manifest "$W2M/manifest.jsonl" --ledger "$BENCH_DIR/ingest.sqlite" 2>&1 >/dev/null | tail -1)
  ing_ours+=("$(awk -v t="$secs" 'BEGIN {printf "%.0f", 2000000 / t}')")
  read -r secs _ raw_w < <(/usr/bin/time -f "%e %M %O" "$BENCH_DIR/raw_insert" "$BENCH_DIR/raw.sqlite" "$W2M" 2>&1 >/dev/null | tail -1)
  ing_ref+=("$(awk -v t="$secs" 'BEGIN {printf "%.0f", 2000000 / t}')")
done
read -r ing_med ing_min ing_max < <(printf "%s\n" "${ing_ours[@]}" | stats)
read -r raw_med raw_min raw_max < <(printf "%s\n" "${ing_ref[@]}" | stats)
ing_ratio=$(awk -v a="$ing_med" -v b="$raw_med" 'BEGIN {printf "%.2f", a / b}')
ours_db=$(stat -c %s "$BENCH_DIR/ingest.sqlite") raw_db=$(stat -c %s "$BENCH_DIR/raw.sqlite")
ours_w=$((ours_w * 512)) raw_w=$((raw_w * 512))
printf "%-34s %8.0f rows/s (%.0f–%.0f)   C prepared-insert loop %.0f rows/s (%.0f–%.0f)   ratio %s (target ≥ 0.7)\n" \
  "ingest, 2M rows (2,000 runs)" "$ing_med" "$ing_min" "$ing_max" "$raw_med" "$raw_min" "$raw_max" "$ing_ratio"
size_ratio=$(awk -v a="$ours_db" -v b="$raw_db" 'BEGIN {printf "%.2f", a / b}')
printf "%-34s %8.1f MiB, %.0f MiB written   raw table %.1f MiB, %.0f MiB written   ratio %s (target ≤ 1.5; MLflow 1.1 GiB)\n" \
  "ledger size, 2M rows" "$(awk -v b="$ours_db" 'BEGIN {print b / 1048576}')" "$(awk -v b="$ours_w" 'BEGIN {print b / 1048576}')" \
  "$(awk -v b="$raw_db" 'BEGIN {print b / 1048576}')" "$(awk -v b="$raw_w" 'BEGIN {print b / 1048576}')" "$size_ratio"

# 7. Ranking queries as whole processes on ledgers of 1,000, 10,000 and 100,000 runs × 100 steps
#    (the last is 10M metric rows; its ingest's peak memory is measured as it is built).
hyper() { hyperfine -N --warmup 3 --runs $((RUNS * 4)) --export-json "$BENCH_DIR/hyperfine.json" "$@" >/dev/null 2>&1
  python3 -c 'import json,sys; [print("%.2f %.2f %.2f" % (r["median"]*1e3, r["min"]*1e3, r["max"]*1e3)) for r in json.load(open(sys.argv[1]))["results"]]' "$BENCH_DIR/hyperfine.json"; }
command -v hyperfine >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; }
declare -A query_ms
for runs in 1000 10000 100000; do
  ledger="$BENCH_DIR/rank-$runs.sqlite"
  if [ ! -s "$ledger" ]; then
    folder=$(workload "$runs" 100)
    /usr/bin/time -f "%e %M" $FTSWEEP ingest --manifest "$folder/manifest.jsonl" --ledger "$ledger" 2>&1 >/dev/null | tail -1 > "$BENCH_DIR/rank-$runs.ingest"
    $FTSWEEP ledger check --ledger "$ledger" >/dev/null
  fi
  # A ledger kept from an older build is brought to this build's schema (read commands refuse an old one).
  $FTSWEEP ledger upgrade --ledger "$ledger" >/dev/null
  mapfile -t times < <(hyper "$FTSWEEP best -q --ledger $ledger" \
    "$FTSWEEP runs ls --sort full_valid_loss --limit 10 --where 'batch_size = 8 and n_epochs >= 2' --ledger $ledger" \
    "$FTSWEEP --version")
  query_ms[$runs]="${times[1]%% *}"
  printf "%-34s best %s ms · runs ls --where --sort %s ms (median, min, max)   --version %s ms\n" \
    "ranking, $runs runs" "${times[0]// /, }" "${times[1]// /, }" "${times[2]%% *}"
done
read -r ingest10m_s peak10m < "$BENCH_DIR/rank-100000.ingest"
ingest10m_rate=$(awk -v t="$ingest10m_s" 'BEGIN {printf "%.0f", 10000000 / t}')
flat=$(awk -v a="${query_ms[100000]}" -v b="${query_ms[1000]}" 'BEGIN {printf "%.2f", a / b}')
printf "%-34s %8s (100,000 runs / 1,000 runs, runs ls --where --sort; target ≤ 2; ≤ 50 ms each)\n" "ranking flatness" "$flat"
printf "%-34s %8.0f rows/s, peak %s MiB (ingest --manifest of 100,000 runs × 100 steps)\n" "ingest, 10M rows" "$ingest10m_rate" "$((peak10m / 1024))"

# 8. Cold start on a small ledger (200 runs × 500 steps), beside the sqlite3 shell running the same query.
small="$BENCH_DIR/small.sqlite"
[ -s "$small" ] || $FTSWEEP ingest --manifest "$(workload 200 500)/manifest.jsonl" --ledger "$small" >/dev/null
$FTSWEEP ledger upgrade --ledger "$small" >/dev/null
command -v sqlite3 >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq sqlite3 >/dev/null; }
mapfile -t cold < <(hyper "$FTSWEEP --version" "$FTSWEEP runs ls --limit 10 --ledger $small" \
  "sqlite3 $small 'SELECT * FROM runs ORDER BY id LIMIT 10'")
printf "%-34s --version %s ms · runs ls --limit 10 %s ms (median, min, max)   sqlite3 shell, same query %s ms (target ≤ 20 ms)\n" \
  "cold start" "${cold[0]// /, }" "${cold[1]// /, }" "${cold[2]%% *}"

# 9. Launch overhead: 200 trials against `ftsweep serve --instant-jobs` (jobs succeed at once), so
#    what is measured is ftsweep's own work per trial: plan, upload, create, poll, collect, ingest.
serve_dir="$BENCH_DIR/serve" launch_dir="$BENCH_DIR/launch"
rm -rf "$serve_dir" && mkdir -p "$serve_dir"
$FTSWEEP serve --instant-jobs --port 0 --ledger "$serve_dir/ledger.sqlite" > "$serve_dir/out" 2>"$serve_dir/err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q listening "$serve_dir/out" 2>/dev/null && break; sleep 0.1; done
base_url=$(sed -n 's/listening on //p' "$serve_dir/out")
launch_wall=() launch_cpu=()
for _ in $(seq 3); do
  rm -rf "$launch_dir" && mkdir -p "$launch_dir"
  sed -e "s|BASE_URL|$base_url|" -e "s|DATA|$PWD/experiments/data/triage|" experiments/bench/launch-200.yaml > "$launch_dir/spec.yaml"
  out=$(/usr/bin/time -f "%e %U %S" $FTSWEEP sweep launch "$launch_dir/spec.yaml" --max-parallel 16 --ledger "$launch_dir/ledger.sqlite" 2>&1 >/dev/null | tail -1)
  read -r wall_s user_s sys_s <<<"$out"
  launch_wall+=("$(awk -v t="$wall_s" 'BEGIN {printf "%.1f", 200 / t}')")
  launch_cpu+=("$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN {printf "%.2f", (u + s) * 1000 / 200}')")
done
kill $serve_pid 2>/dev/null; trap - EXIT
succeeded=$(sqlite3 "$launch_dir/ledger.sqlite" "SELECT count(*) FROM runs WHERE state = 'succeeded'" 2>/dev/null || echo "?")
read -r lw_med lw_min lw_max < <(printf "%s\n" "${launch_wall[@]}" | stats)
read -r lc_med lc_min lc_max < <(printf "%s\n" "${launch_cpu[@]}" | stats)
printf "%-34s %8s trials/s (%s–%s), %s CPU ms/trial (%s–%s), %s of 200 succeeded\n" \
  "launch overhead, 200 trials" "$lw_med" "$lw_min" "$lw_max" "$lc_med" "$lc_min" "$lc_max" "$succeeded"

# 10. A bounded soak of the server (issue 16): mixed traffic at concurrency 200 plus 1,000 idle
#     connections under `ulimit -n 1024`; p99, req/s, RSS, keep-alive against new connections.
#     experiments/bench/serve_soak.sh runs this section alone.
soak_out=$(FTSWEEP=$FTSWEEP BENCH_DIR=$BENCH_DIR experiments/bench/serve_soak.sh) || true
echo "$soak_out" | head -1
soak_json=$(echo "$soak_out" | tail -1 | grep '^{' || echo '{"failed": true}')

# 11. Listing jobs on a server holding 2,000 (issue 16): a page of 20 and the client's
#     adopt-by-metadata lookup, from the job index. experiments/bench/serve_list.sh runs this alone.
list_out=$(FTSWEEP=$FTSWEEP BENCH_DIR=$BENCH_DIR experiments/bench/serve_list.sh) || true
echo "$list_out" | head -1
list_json=$(echo "$list_out" | tail -1 | grep '^{' || echo '{"failed": true}')
# 12. Search methods' cost-to-best on the recorded grid (experiments/bench/search; Optuna's side:
#     PEERS=1 experiments/bench/search/run.sh, or make bench-search).
BENCH_DIR=$BENCH_DIR RELEASE_BUILD=$RELEASE_BUILD experiments/bench/search/run.sh
search_json=$(cat "$BENCH_DIR/search.json" 2>/dev/null || echo '{"failed": true}')

cat > "$BENCH_DIR/results.json" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)", "runs": $RUNS,
  "sha256_1gib": {"ftsweep_s": $sha_ours, "openssl_s": $sha_ref, "ratio": $sha_ratio},
  "tokenize_20mb": {"ftsweep_mb_s": $tok_med, "tiktoken_mb_s": "$ref_med", "ratio": "$tok_ratio"},
  "validate_200mb": {"mb_s": $val_rate, "min_mb_s": $val_rate_min, "max_mb_s": $val_rate_max, "peak_rss_kib": $peak, "peak_rss_kib_500mb": $big_kb, "cookbook_mb_s": "$cook_rate", "ratio_to_cookbook": "$cook_ratio"},
  "trainer": {"tokens_per_s_core": $train_rate, "limit_tokens_per_s": $train_limit, "ratio": $train_ratio},
  "demo_sweep": {"median_s": $demo_med, "min_s": $demo_min, "max_s": $demo_max},
  "ingest_2m": {"rows_s": $ing_med, "min_rows_s": $ing_min, "max_rows_s": $ing_max, "c_rows_s": $raw_med, "ratio": $ing_ratio,
    "db_bytes": $ours_db, "written_bytes": $ours_w, "raw_db_bytes": $raw_db, "raw_written_bytes": $raw_w, "size_ratio": $size_ratio},
  "ingest_10m": {"rows_s": $ingest10m_rate, "peak_rss_kib": $peak10m},
  "ranking_ms": {"runs_1000": ${query_ms[1000]}, "runs_10000": ${query_ms[10000]}, "runs_100000": ${query_ms[100000]}, "flatness": $flat},
  "cold_start_ms": {"version": ${cold[0]%% *}, "runs_ls": ${cold[1]%% *}, "sqlite3_shell": ${cold[2]%% *}},
  "launch_200": {"trials_s": $lw_med, "cpu_ms_per_trial": $lc_med, "succeeded": "$succeeded"},
  "serve_soak": $soak_json,
  "serve_list_2000": $list_json,
  "search": $search_json
}
JSON
echo
echo "results: $BENCH_DIR/results.json"
