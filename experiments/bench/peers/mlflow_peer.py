"""MLflow's side of the peers benchmark: the same workload ingested into, and ranked from, a SQLite tracking store.

Usage (with MLflow installed; run.sh uses the benchmark's virtual environment):
    python mlflow_peer.py ingest DATA_DIR STORE_DIR   # STORE_DIR/mlflow.db and STORE_DIR/artifacts, made anew
    python mlflow_peer.py query STORE_DIR [REPEAT]    # the top runs' seeds; with REPEAT, the in-process median

Ingest: one experiment, one run per manifest line, its five hyperparameters as params (one log_batch) and every
non-empty CSV cell as a metric value at its step, sent with MlflowClient.log_batch in batches of 1,000 (MLflow's
limit per call). An MLflow metric row is one value of one key at one step. Prints one JSON line: setup seconds
(creating the store and the experiment), ingest seconds, runs, step rows read, metric values stored, bytes written.

Query: search_runs, sorted by metrics.full_valid_loss, with the filter in MLflow's filter language. Params are
strings there and compare only with = != LIKE ILIKE IS [NOT] NULL (no IN, no OR, no order), so "n_epochs >= 2"
is written as n_epochs != '1', which is the same for the values OpenAI accepts (whole numbers 1 to 50).
"""

import os
import sys
import time

import workload
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient

EXPERIMENT = "peers"
BATCH = 1000
FILTER = f"params.batch_size = '{workload.BATCH_SIZE}' and params.n_epochs != '1'"  # n_epochs >= 2


def tracking_uri(store):
    """The SQLite tracking store in STORE_DIR."""
    return "sqlite:///" + os.path.join(os.path.abspath(store), "mlflow.db")


def log_run(client, experiment_id, data_dir, run):
    """One manifest run: create it, log params and metrics, end it. Returns (step rows, metric values)."""
    run_id = client.create_run(experiment_id, run_name=run["file"].removesuffix(".csv")).info.run_id
    client.log_batch(run_id, params=[Param(key, str(value)) for key, value in workload.params(run).items()])
    timestamp = int(time.time() * 1000)
    metrics, rows = [], 0
    for step, values in workload.steps(data_dir, run):
        rows += 1
        metrics.extend(Metric(key, value, timestamp, step) for key, value in values.items())
    for start in range(0, len(metrics), BATCH):
        client.log_batch(run_id, metrics=metrics[start:start + BATCH])
    client.set_terminated(run_id)
    return rows, len(metrics)


def create_store(store):
    """A new tracking store (MLflow creates its tables on first use) with the experiment. Returns (client, id)."""
    os.makedirs(store)
    client = MlflowClient(tracking_uri(store))
    artifacts = "file://" + os.path.join(os.path.abspath(store), "artifacts")
    return client, client.create_experiment(EXPERIMENT, artifact_location=artifacts)


def ingest(data_dir, store):
    """Ingest the whole workload into a new store and print the figures."""
    setup_s, (client, experiment_id) = workload.timed(lambda: create_store(store))
    written_before = workload.write_bytes()
    runs = workload.manifest(data_dir)
    ingest_s, counts = workload.timed(lambda: [log_run(client, experiment_id, data_dir, run) for run in runs])
    workload.emit({
        "setup_s": setup_s, "ingest_s": ingest_s, "runs": len(runs),
        "step_rows": sum(rows for rows, _ in counts), "metric_values": sum(values for _, values in counts),
        "write_bytes_setup": written_before, "write_bytes_ingest": workload.write_bytes() - written_before,
        "experiment_id": experiment_id})


def query(client):
    """The seeds of the top runs, best first."""
    experiment_id = client.get_experiment_by_name(EXPERIMENT).experiment_id
    runs = client.search_runs(
        [experiment_id], filter_string=FILTER, order_by=["metrics.full_valid_loss ASC"], max_results=workload.TOP)
    return [int(run.data.params["seed"]) for run in runs]


def main(argv):
    if len(argv) == 4 and argv[1] == "ingest":
        ingest(argv[2], argv[3])
    elif len(argv) in (3, 4) and argv[1] == "query":
        client = MlflowClient(tracking_uri(argv[2]))
        workload.run_query(lambda: query(client), argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
