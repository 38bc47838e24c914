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
: "${FTSWEEP_TOKENIZERS:?set FTSWEEP_TOKENIZERS to the folder of the rank files (make bench does)}"
export FTSWEEP_TOKENIZERS
mkdir -p "$BENCH_DIR"

swift build -c release --product ftsweep-bench >/dev/null
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

cat > "$BENCH_DIR/results.json" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)", "runs": $RUNS,
  "sha256_1gib": {"ftsweep_s": $sha_ours, "openssl_s": $sha_ref, "ratio": $sha_ratio},
  "tokenize_20mb": {"ftsweep_mb_s": $tok_med, "tiktoken_mb_s": "$ref_med", "ratio": "$tok_ratio"},
  "validate_200mb": {"mb_s": $val_rate, "min_mb_s": $val_rate_min, "max_mb_s": $val_rate_max, "peak_rss_kib": $peak, "cookbook_mb_s": "$cook_rate", "ratio_to_cookbook": "$cook_ratio"},
  "trainer": {"tokens_per_s_core": $train_rate, "limit_tokens_per_s": $train_limit, "ratio": $train_ratio},
  "demo_sweep": {"median_s": $demo_med, "min_s": $demo_min, "max_s": $demo_max}
}
JSON
echo
echo "results: $BENCH_DIR/results.json"
