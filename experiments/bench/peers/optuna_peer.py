"""Optuna's side of the peers benchmark: the same workload ingested into, and ranked from, RDB storage on SQLite.

Usage (with Optuna installed; run.sh uses the benchmark's virtual environment):
    python optuna_peer.py ingest DATA_DIR STORE_DIR   # STORE_DIR/optuna.db, made anew
    python optuna_peer.py query STORE_DIR [REPEAT]    # the top runs' seeds; with REPEAT, the in-process median

Ingest: one study (minimize), one trial per manifest line through ask and tell. The run's hyperparameters are
enqueued (study.enqueue_trial) and then suggested by study.ask(distributions), so they are real params with
distributions drawn from the manifest's range. Each CSV row is one trial.report(train_loss, step), Optuna's
per-step row (an intermediate value: one number); study.tell(trial, full_valid_loss) ends the trial. Prints
one JSON line: setup seconds (creating the storage and the study), ingest seconds, runs, step rows, values
stored (intermediate values plus one objective value per trial), bytes written.

Query: load the study, take its complete trials (get_trials without deep copies; Optuna has no filter in the
storage, so every trial and its intermediate values are read), keep batch_size = 8 and n_epochs >= 2 in Python,
sort by value.
"""

import os
import sys

import optuna
import workload
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

STUDY = "peers"


def storage_url(store):
    """The SQLite database in STORE_DIR."""
    return "sqlite:///" + os.path.join(os.path.abspath(store), "optuna.db")


def distributions(runs):
    """Each hyperparameter's distribution, over the values the manifest uses."""
    def span(key, kind):
        values = [run[key] for run in runs]
        return kind(min(values), max(values))
    return {
        "model": CategoricalDistribution(sorted({run["model"] for run in runs})),
        "n_epochs": span("n_epochs", IntDistribution),
        "batch_size": span("batch_size", IntDistribution),
        "learning_rate_multiplier": span("learning_rate_multiplier", FloatDistribution),
        "seed": span("seed", IntDistribution),
    }


def add_trial(study, space, data_dir, run):
    """One manifest run as one trial. Returns (step rows, values stored)."""
    study.enqueue_trial(workload.params(run))
    trial = study.ask(space)
    rows, final = 0, {}
    for step, values in workload.steps(data_dir, run):
        trial.report(values["train_loss"], step)
        rows, final = rows + 1, values
    study.tell(trial, final["full_valid_loss"])
    return rows, rows + 1


def ingest(data_dir, store):
    """Ingest the whole workload into a new storage and print the figures."""
    os.makedirs(store)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    setup_s, study = workload.timed(
        lambda: optuna.create_study(study_name=STUDY, storage=storage_url(store), direction="minimize"))
    written_before = workload.write_bytes()
    runs = workload.manifest(data_dir)
    space = distributions(runs)
    ingest_s, counts = workload.timed(lambda: [add_trial(study, space, data_dir, run) for run in runs])
    workload.emit({
        "setup_s": setup_s, "ingest_s": ingest_s, "runs": len(runs),
        "step_rows": sum(rows for rows, _ in counts), "metric_values": sum(values for _, values in counts),
        "write_bytes_setup": written_before, "write_bytes_ingest": workload.write_bytes() - written_before})


def query(storage):
    """The seeds of the top runs, best first."""
    study = optuna.load_study(study_name=STUDY, storage=storage)
    trials = [t for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)) if workload.wanted(t.params)]
    trials.sort(key=lambda t: t.value)
    return [t.params["seed"] for t in trials[:workload.TOP]]


def main(argv):
    if len(argv) == 4 and argv[1] == "ingest":
        ingest(argv[2], argv[3])
    elif len(argv) in (3, 4) and argv[1] == "query":
        storage = optuna.storages.RDBStorage(storage_url(argv[2]))
        workload.run_query(lambda: query(storage), argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
