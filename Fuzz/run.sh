#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each in turn for a bounded time (`make fuzz`), then prints
# each target's execution count. Exits non-zero when a target crashed, hung or ran out of memory,
# after printing the input that did it.
#
#   FUZZ_SECONDS=120        time per target (libFuzzer's -max_total_time)
#   FUZZ_RUNS=              optional cap on executions per target (-runs); empty runs for the time
#   FUZZ_MAX_LEN=4096       the longest input libFuzzer makes (-max_len)
#   FUZZ_TARGETS="..."      which targets, by name; default all four
#   FUZZ_CONFIG=release     the build configuration (debug is slower, with more checks)
#   FUZZ_SANITIZERS=fuzzer  add "address" for AddressSanitizer (several times slower)
set -uo pipefail

cd "$(dirname "$0")"
SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-120}
FUZZ_RUNS=${FUZZ_RUNS:-}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-4096}
FUZZ_CONFIG=${FUZZ_CONFIG:-release}
read -r -a targets <<<"${FUZZ_TARGETS:-FuzzJSONLChecker FuzzSpecParser FuzzResultImporter FuzzRunFilter}"
read -r -a sanitizers <<<"${FUZZ_SANITIZERS:-fuzzer}"

# Swift's own crash reporter would take the trap before libFuzzer saves the input.
export SWIFT_BACKTRACE=enable=no

build_flags=(-c "$FUZZ_CONFIG" --scratch-path .build)
for sanitizer in "${sanitizers[@]}"; do build_flags+=("--sanitize=$sanitizer"); done
echo "building: $SWIFT build ${build_flags[*]}"
"$SWIFT" build "${build_flags[@]}" || exit 1
bin=$("$SWIFT" build "${build_flags[@]}" --show-bin-path) || exit 1

status=0
rows=()
for target in "${targets[@]}"; do
    work=.work/$target
    mkdir -p "$work/corpus" "$work/artifacts"
    # The seeds join the working corpus, which keeps what earlier runs found.
    cp -n Corpus/"$target"/* "$work/corpus/" 2>/dev/null
    flags=(-max_total_time="$FUZZ_SECONDS" -max_len="$FUZZ_MAX_LEN" -timeout=10 -print_final_stats=1
        -dict="$target.dict" -artifact_prefix="$work/artifacts/")
    [[ -n "$FUZZ_RUNS" ]] && flags+=(-runs="$FUZZ_RUNS")
    echo "fuzzing $target: $bin/$target ${flags[*]} $work/corpus"
    "$bin/$target" "${flags[@]}" "$work/corpus" >"$work/fuzz.log" 2>&1
    code=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
    result=ok
    if [[ $code -ne 0 ]]; then
        status=1
        result="FAILED (exit $code)"
        tail -n 40 "$work/fuzz.log"
        for input in "$work"/artifacts/*; do [[ -e "$input" ]] && echo "$target: input that failed: Fuzz/$input"; done
        echo "$target: log: Fuzz/$work/fuzz.log"
    fi
    rows+=("$(printf '%-20s %14s %10s  %s' "$target" "${runs:-?}" "${speed:-?}" "$result")")
done

echo
printf '%-20s %14s %10s  %s\n' target executions exec/s result
printf '%s\n' "${rows[@]}"
exit $status
