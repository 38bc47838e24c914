#!/usr/bin/env python3
"""Replays the recorded search benchmark with Optuna, as ftsweep-bench-search replays it.

    optuna_replay.py [--space ranges|grid] CURVES.json [SEEDS] [BUDGET] [METHOD...]

CURVES.json is `ftsweep-bench-search curves experiments/bench/search/table.jsonl experiments/bench/search/grid.yaml`:
every trial of the grid with its curve per tenth of an epoch, and the grid's lists, so both tools see
identical trials. The accounting is the same as ftsweep's: trials run one at a time; a point's cost
is the tokens trained to reach it. The space searched is `ranges` (the default: the space as an
Optuna user writes it, experiments/bench/search/space.yaml's) or `grid` (every parameter
`suggest_categorical` over the grid's lists, as ftsweep searches grid.yaml). A suggestion runs as the
recorded trial with the same model, epochs and batch size and the grid's values nearest to its
floats (the learning rate on a log scale, weight decay and dropout on a linear one); one already run
costs nothing again and ends as it did (a ledger never re-runs a trial key). A replay that has spent the whole grid's tokens without finding
the best gives up. Prints a table and, on the last line, JSON.
"""
import json
import math
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
# Suggestions per replay at most (over 3 times the grid): Optuna repeats trials of a finite grid,
# which cost nothing again, so a replay may never spend its budget.
MAX_SUGGESTIONS = 600


def key(values):
    return tuple(sorted(values.items()))


def nearest(grid, value, log=False):
    distance = (lambda g: abs(math.log(g / value))) if log else (lambda g: abs(g - value))
    return min(grid, key=distance)


def suggest_ranges(trial, grid):
    """The grid's space as an Optuna user writes it: categories for names and batch sizes, an int
    range for epochs, float ranges for the rest, snapped to the grid's nearest recorded value."""
    def floats(name, log=False):
        return nearest(grid[name], trial.suggest_float(name, min(grid[name]), max(grid[name]), log=log), log)
    return {
        "model": trial.suggest_categorical("model", grid["model"]),
        "n_epochs": float(trial.suggest_int("n_epochs", int(min(grid["n_epochs"])), int(max(grid["n_epochs"])))),
        "batch_size": float(trial.suggest_categorical("batch_size", [int(b) for b in grid["batch_size"]])),
        "learning_rate_multiplier": floats("learning_rate_multiplier", log=True),
        "weight_decay": floats("weight_decay"),
        "dropout": floats("dropout"),
    }


def suggest_grid(trial, grid):
    """The grid's own lists, every parameter a category: the space ftsweep's replay of grid.yaml searches."""
    return {name: trial.suggest_categorical(name, values) for name, values in sorted(grid.items())}


def replay(table, suggest, make_sampler, make_pruner, seed, budget):
    trials = {key(t["values"]): t for t in table["trials"]}
    target = table["best"] * 1.01
    study = optuna.create_study(direction="minimize", sampler=make_sampler(seed), pruner=make_pruner())
    runs, spent, found, best_within = {}, 0, None, None
    for _ in range(MAX_SUGGESTIONS):
        # Found and past the budget, or the whole grid's tokens spent without finding it: done.
        if spent >= (budget if found is not None else table["total_tokens"]):
            break
        trial = study.ask()
        recorded = trials[key(suggest(trial, table["grid"]))]
        name = key(recorded["values"])
        if name in runs:
            points, final = runs[name]
            for step, value in points:
                trial.report(value, step)
            study.tell(trial, final if final is not None else None,
                       state=optuna.trial.TrialState.COMPLETE if final is not None else optuna.trial.TrialState.PRUNED)
        else:
            points, final = [], recorded["final"]
            for step, value in recorded["curve"]:
                points.append((step, value))
                trial.report(value, step)
                if step < recorded["length"] and trial.should_prune():
                    final = None
                    spent += recorded["trained_tokens"] * step // recorded["length"]
                    break
            else:
                spent += recorded["trained_tokens"]
            runs[name] = (points, final)
            if final is None:
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            else:
                study.tell(trial, final)
        if final is not None:
            if spent <= budget:
                best_within = final if best_within is None else min(best_within, final)
            if final <= target and found is None:
                found = spent
    return found, best_within


def quantiles(values):
    values = sorted(values)

    def q(fraction):
        position = fraction * (len(values) - 1)
        low = int(position)
        part = position - low
        if part == 0:
            return values[low]
        if not math.isfinite(values[low + 1]):
            return math.inf
        return values[low] + (values[low + 1] - values[low]) * part
    return q(0.5), q(0.25), q(0.75)


def main():
    arguments = sys.argv[1:]
    space = "ranges"
    if arguments[:1] == ["--space"]:
        space, arguments = arguments[1], arguments[2:]
    suggest = {"ranges": suggest_ranges, "grid": suggest_grid}.get(space)
    if suggest is None:
        sys.exit(f"optuna_replay.py: --space must be ranges or grid, not {space!r}")
    table = json.load(open(arguments[0]))
    seeds = int(arguments[1]) if len(arguments) > 1 else 20
    share = float(arguments[2]) if len(arguments) > 2 else 0.3
    total = table["total_tokens"]
    budget = int(total * share)
    methods = [
        ("Optuna TPE+median", lambda s: optuna.samplers.TPESampler(seed=s),
         lambda: optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3)),
        # ftsweep's TPE is multivariate: Optuna's multivariate mode, for reference.
        ("Optuna mvTPE+median", lambda s: optuna.samplers.TPESampler(seed=s, multivariate=True),
         lambda: optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3)),
        ("Optuna random+SHA", lambda s: optuna.samplers.RandomSampler(seed=s),
         lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=3, reduction_factor=3)),
        ("Optuna TPE", lambda s: optuna.samplers.TPESampler(seed=s), lambda: optuna.pruners.NopPruner()),
        ("Optuna random", lambda s: optuna.samplers.RandomSampler(seed=s), lambda: optuna.pruners.NopPruner()),
    ]
    chosen = arguments[3:]
    methods = [method for method in methods if not chosen or method[0] in chosen]
    print(f"Optuna {optuna.__version__}, {len(table['trials'])} recorded trials, {total} tokens in all, {seeds} seeds, searching the {space}")
    results = []
    for name, sampler, pruner in methods:
        outcomes = [replay(table, suggest, sampler, pruner, seed, budget) for seed in range(1, seeds + 1)]
        costs = [math.inf if found is None else float(found) for found, _ in outcomes]
        regrets = [math.inf if best is None else 100 * (best - table["best"]) / table["best"] for _, best in outcomes]
        cost, regret = quantiles(costs), quantiles(regrets)
        print("%-18s %8.0f (%.0f–%.0f) %5.1f %%   %8d/%d   %6.2f %% (%.2f–%.2f)" % (
            name, *cost, 100 * cost[0] / total, sum(f is not None for f, _ in outcomes), seeds, *regret), flush=True)
        results.append({"method": name, "tokens_to_best": [c if math.isfinite(c) else None for c in costs],
                        "regret_percent": [r if math.isfinite(r) else None for r in regrets],
                        "median_share": cost[0] / total if math.isfinite(cost[0]) else None})
    print(json.dumps({"optuna": optuna.__version__, "total_tokens": total, "budget_share": share, "seeds": seeds, "space": space,
                      "methods": results}))


if __name__ == "__main__":
    main()
