"""The peers benchmark's shared pieces: reading the workload, the ranking query, timing and I/O counters.

Imported by mlflow_peer.py, optuna_peer.py and report.py; not run on its own.

The workload is what `ftsweep-bench make-results DIR RUNS STEPS` writes: DIR/manifest.jsonl (one run a line:
file, model, n_epochs, batch_size, learning_rate_multiplier, seed) and one OpenAI result CSV per run (one row per
step; empty cells where a metric was not measured at that step).
"""

import csv
import json
import os
import statistics
import sys
import time

PARAMS = ("model", "n_epochs", "batch_size", "learning_rate_multiplier", "seed")
# The ranking query: top 10 runs by full_valid_loss among those with batch_size = 8 and n_epochs >= 2.
TOP = 10
BATCH_SIZE = 8
MIN_EPOCHS = 2


def manifest(data_dir):
    """The manifest's runs, in order, as dicts."""
    with open(os.path.join(data_dir, "manifest.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def steps(data_dir, run):
    """A run's CSV as (step, {metric: value}) pairs, leaving out the empty cells."""
    with open(os.path.join(data_dir, run["file"]), newline="") as f:
        for row in csv.DictReader(f):
            step = int(row.pop("step"))
            yield step, {key: float(value) for key, value in row.items() if value != ""}


def params(run):
    """The run's hyperparameters (the manifest line less its file name)."""
    return {key: run[key] for key in PARAMS}


def wanted(params_of_run):
    """True for the runs the ranking query keeps."""
    return int(params_of_run["batch_size"]) == BATCH_SIZE and int(params_of_run["n_epochs"]) >= MIN_EPOCHS


def write_bytes():
    """Bytes this process has caused to be written to storage (/proc/self/io write_bytes)."""
    with open("/proc/self/io") as f:
        fields = dict(line.split(": ") for line in f.read().splitlines())
    return int(fields["write_bytes"])


def timed(function):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def repeat(function, count):
    """Median and all timings of `count` calls after one untimed warm-up call, and the last result."""
    function()
    times, result = [], None
    for _ in range(count):
        seconds, result = timed(function)
        times.append(seconds)
    return statistics.median(times), times, result


def emit(record):
    """Print one JSON object on one line (what run.sh reads)."""
    json.dump(record, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


def run_query(query, repeat_arg):
    """Print the top runs' seeds; with [REPEAT], also the in-process median and timings of REPEAT calls."""
    if not repeat_arg:
        emit({"seeds": query()})
        return
    median, times, seeds = repeat(query, int(repeat_arg[0]))
    emit({"seeds": seeds, "median_s": median, "times_s": times})
