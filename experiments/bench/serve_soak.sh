#!/usr/bin/env bash
# `make bench` section 10, runnable alone: a bounded soak of `ftsweep serve` (issue 16). The server
# runs under `ulimit -n 1024`; 200 keep-alive clients send mixed traffic for SOAK_SECONDS (default
# 30) while 1,000 idle connections are opened on top. Passes when the server is alive at the end,
# the keep-alive clients saw no failure, RSS stayed under 512 MiB and keep-alive was at least as fast
# as a new connection per request. Prints the figures as JSON on its last line.
set -euo pipefail
cd "$(dirname "$0")/../.."
FTSWEEP=${FTSWEEP:-.build/release/ftsweep}
BENCH_DIR=${BENCH_DIR:-.build/bench}
SOAK_SECONDS=${SOAK_SECONDS:-30}
soak_dir="$BENCH_DIR/soak"
rm -rf "$soak_dir" && mkdir -p "$soak_dir"
(ulimit -n 1024 && exec "$FTSWEEP" serve --port 0 --ledger "$soak_dir/ledger.sqlite" --max-connections 800 --idle-timeout 10) \
  > "$soak_dir/out" 2> "$soak_dir/err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$soak_dir/out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)\/v1$/\1/p' "$soak_dir/out")
result=$(python3 experiments/bench/serve_soak.py "$port" "$serve_pid" "$SOAK_SECONDS")
alive=$(kill -0 $serve_pid 2>/dev/null && echo true || echo false)
echo "$result" | python3 -c '
import json, sys
r = json.load(sys.stdin)
alive = sys.argv[1] == "true"
ok = alive and r["failures"] == 0 and r["rss_max_kib"] < 512 * 1024 and r["keep_alive_req_per_s"] >= r["new_connection_req_per_s"]
print("%-34s %8s req/s, p50 %s ms, p99 %s ms, %d failures, %d idle held, RSS %d→%d KiB, keep-alive %s vs new %s req/s, server %s: %s" % (
    "serve soak (200 clients + 1000 idle)", r["req_per_s"], r["p50_ms"], r["p99_ms"], r["failures"], r["idle_opened"],
    r["rss_start_kib"], r["rss_max_kib"], r["keep_alive_req_per_s"], r["new_connection_req_per_s"], "alive" if alive else "DEAD",
    "ok" if ok else "FAILED"))
r["server_alive"] = alive
print(json.dumps(r))
sys.exit(0 if ok else 1)
' "$alive"
