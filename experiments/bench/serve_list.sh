#!/usr/bin/env bash
# `make bench` section 11, runnable alone: listing jobs on a server holding 2,000 (issue 16; before
# the job index, 8.7 req/s and p50 2.3 s a page). The jobs are made through the API of a server that
# ends them at once (`--instant-jobs`); a second server on the same folder answers the listings, so
# its first listing builds the index, as after a restart. Prints a line, then the figures as JSON.
set -euo pipefail
cd "$(dirname "$0")/../.."
FTSWEEP=${FTSWEEP:-.build/release/ftsweep}
BENCH_DIR=${BENCH_DIR:-.build/bench}
JOBS=${JOBS:-2000} REQUESTS=${REQUESTS:-500}
list_dir="$BENCH_DIR/list"
rm -rf "$list_dir" && mkdir -p "$list_dir"
serve_pid=
trap '[ -z "$serve_pid" ] || kill $serve_pid 2>/dev/null || true' EXIT
serve() {
  : > "$list_dir/out"
  "$FTSWEEP" serve --instant-jobs --port 0 --ledger "$list_dir/ledger.sqlite" > "$list_dir/out" 2>> "$list_dir/err" &
  serve_pid=$!
  for _ in $(seq 100); do grep -q listening "$list_dir/out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*:\([0-9]*\)\/v1$/\1/p' "$list_dir/out")
}
serve
file_id=$(curl -s -F purpose=fine-tune -F "file=@experiments/data/triage/train.jsonl" "http://127.0.0.1:$port/v1/files" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
fill_rate=$(python3 experiments/bench/serve_list.py fill "$port" "$file_id" "$JOBS")
kill $serve_pid
for _ in $(seq 50); do kill -0 $serve_pid 2>/dev/null || break; sleep 0.1; done
kill -9 $serve_pid 2>/dev/null || true
serve
result=$(python3 experiments/bench/serve_list.py measure "$port" "$JOBS" "$REQUESTS")
echo "$result" | python3 -c '
import json, sys
r = json.load(sys.stdin)
r["fill_jobs_per_s"] = float(sys.argv[1])
print("%-34s page of 20: %s req/s, p50 %s ms · adopt by metadata: %s req/s, p50 %s ms · first listing (builds the index) %s ms" % (
    "job listing, %d jobs" % r["jobs"], r["page"]["req_per_s"], r["page"]["p50_ms"], r["adopt_by_metadata"]["req_per_s"],
    r["adopt_by_metadata"]["p50_ms"], r["first_list_ms"]))
print(json.dumps(r))
' "$fill_rate"
