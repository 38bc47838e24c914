#!/usr/bin/env python3
"""Compares ftsweep's and Optuna's replays of the search benchmark pair by pair, in one space.

    search_pairs.py FTSWEEP.json OPTUNA.json

Each file is the JSON line a replay prints last (ftsweep-bench-search replay, optuna_replay.py), for
the same space, seeds and budget. For each of the issue's pairs it prints both medians of the
tokens to within 1 % of the best (as a share of the grid; a seed that never found it counts as
infinite), the share of seeds that found it, and a 90 % bootstrap interval of the difference of the
medians (ftsweep minus Optuna; 2,000 resamples of each side's seeds, seeded), where a seed that never
found the best counts as the whole grid's tokens, which it spent before giving up: an interval that
holds 0 is a difference the seeds cannot tell from noise.
"""
import json
import math
import random
import sys

PAIRS = [("random+ASHA", "Optuna random+SHA"), ("TPE+median", "Optuna TPE+median")]


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    low, high = values[middle - 1], values[middle]
    return math.inf if math.isinf(high) else (low + high) / 2


def main():
    ours, theirs = (json.load(open(path)) for path in sys.argv[1:3])
    total = ours["total_tokens"]
    by_name = lambda result: {method["method"]: method for method in result["methods"]}
    ours_by, theirs_by = by_name(ours), by_name(theirs)
    generator = random.Random(0)
    for mine, peer in PAIRS:
        if mine not in ours_by or peer not in theirs_by:
            continue
        a = [math.inf if c is None else c / total for c in ours_by[mine]["tokens_to_best"]]
        b = [math.inf if c is None else c / total for c in theirs_by[peer]["tokens_to_best"]]
        capped_a, capped_b = [min(v, 1.0) for v in a], [min(v, 1.0) for v in b]
        differences = sorted(
            median(generator.choices(capped_a, k=len(a))) - median(generator.choices(capped_b, k=len(b))) for _ in range(2000))
        low, high = differences[int(0.05 * len(differences))], differences[int(0.95 * len(differences)) - 1]
        share = lambda values: sum(math.isfinite(v) for v in values) / len(values)
        print("%-12s vs %-18s medians %6.1f %% vs %6.1f %%   found %3.0f %% vs %3.0f %%   difference, 90 %% interval: %s to %s" % (
            mine, peer, 100 * median(a), 100 * median(b), 100 * share(a), 100 * share(b),
            "%+.1f" % (100 * low), "%+.1f points" % (100 * high)))


if __name__ == "__main__":
    main()
