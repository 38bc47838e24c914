"""The peers benchmark's table and results.json, from the raw measurements run.sh left in PEERS_DIR/raw.

Usage: python report.py PEERS_DIR DATA_DIR FTSWEEP_VERSION
Prints the table on stdout and writes PEERS_DIR/results.json. A peer whose files are missing shows as n/a.

Raw files: loadavg (/proc/loadavg at the start), hyperfine exports FIGURE-TOOL.json for FIGURE in ingest (ftsweep
only), query, version and list, ingest-ftsweep.blocks (/usr/bin/time's %O of one more ftsweep ingest: 512-byte
blocks written), ingest-mlflow.jsonl and ingest-optuna.jsonl (the peers' ingest lines), inproc-TOOL.json (the
peers' in-process queries), top-ftsweep.jsonl (ftsweep's answer to the query). Stores are PEERS_DIR/stores/TOOL.
"""

import datetime
import importlib.metadata
import json
import os
import platform
import statistics
import sys

import workload

LEGEND = """
×: how many times faster ftsweep is (smaller, for MB). All times are medians (ingest repetitions: {runs}).
step row: one CSV row, one step of one run; all three tools read every one. metric value: one number stored:
ftsweep keeps a step's metrics (up to 6) in one row; MLflow stores one row per value (key, step); Optuna's
per-step row is one intermediate value (train_loss) and each trial one objective value (full_valid_loss).
ingest s: ftsweep's is the whole `ftsweep ingest --manifest` process (start, a new ledger, the training file
checked, one transaction); the peers' only their ingest loop, after imports and store creation. MB written:
the kernel's write_bytes for the same span.
in-process query: after imports, with the store open, median of calls after a warm-up; ftsweep's is its whole
process. list runs: ftsweep runs ls --limit 10; mlflow runs list (every run); optuna trials (every trial)."""
TOOLS = ("ftsweep", "mlflow", "optuna")
NAMES = {"ftsweep": "ftsweep", "mlflow": "MLflow", "optuna": "Optuna"}
SETUP = {"mlflow": "creating the tracking store and the experiment", "optuna": "creating the storage and the study"}
PEER_PACKAGES = {"mlflow": "mlflow", "optuna": "optuna"}


def read_json(path):
    """The JSON in a file, or None when there is no file."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def read_lines(path):
    """The JSON objects of a JSON-lines file ([] when there is no file)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ftsweep_ingests(raw, step_rows):
    """ftsweep's ingest (hyperfine's runs, /usr/bin/time's blocks) as dicts like the peers' ingest lines."""
    export = read_json(os.path.join(raw, "ingest-ftsweep.json"))
    if not export:
        return []
    with open(os.path.join(raw, "ingest-ftsweep.blocks")) as f:
        written = int(f.read().split()[-1]) * 512
    return [{"ingest_s": seconds, "step_rows": step_rows, "write_bytes_ingest": written}
            for seconds in export["results"][0]["times"]]


def median_of(runs, key):
    """The median of one field over the ingest repetitions (None when there are none or it is missing)."""
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def store_bytes(store):
    """The bytes of every file in a store folder (None when it is missing)."""
    if not os.path.isdir(store):
        return None
    return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(store) for name in names)


def hyperfine_median(raw, figure, tool):
    """A hyperfine export's median in seconds, or None."""
    export = read_json(os.path.join(raw, f"{figure}-{tool}.json"))
    return export["results"][0]["median"] if export else None


def ingest_figures(peers_dir, data_dir):
    """Per tool: median ingest seconds, step rows/s, metric values/s, bytes written, store bytes, setup seconds;
    and the workload's step rows and metric values (non-empty cells)."""
    raw = os.path.join(peers_dir, "raw")
    counts = [len(values) for run in workload.manifest(data_dir) for _, values in workload.steps(data_dir, run)]
    cells = sum(counts)
    figures = {}
    for tool in TOOLS:
        if tool == "ftsweep":
            runs = ftsweep_ingests(raw, len(counts))
        else:
            runs = read_lines(os.path.join(raw, f"ingest-{tool}.jsonl"))
        if not runs:
            continue
        seconds = median_of(runs, "ingest_s")
        values = cells if tool == "ftsweep" else runs[-1]["metric_values"]
        figures[tool] = {
            "repetitions": len(runs), "ingest_s": seconds, "step_rows": runs[-1]["step_rows"],
            "metric_values": values, "step_rows_per_s": runs[-1]["step_rows"] / seconds,
            "metric_values_per_s": values / seconds, "write_bytes": median_of(runs, "write_bytes_ingest"),
            "store_bytes": store_bytes(os.path.join(peers_dir, "stores", tool)), "setup_s": median_of(runs, "setup_s")}
    return figures, len(counts), cells


def top_runs(raw):
    """Each tool's answer to the ranking query, as seeds best first."""
    tops = {}
    path = os.path.join(raw, "top-ftsweep.jsonl")
    if os.path.exists(path):
        tops["ftsweep"] = [run["seed"] for run in read_lines(path)]
    for tool in ("mlflow", "optuna"):
        inproc = read_json(os.path.join(raw, f"inproc-{tool}.json"))
        if inproc:
            tops[tool] = inproc["seeds"]
    return tops


def row(label, unit, values, better):
    """One table row: the three values and ftsweep's multiple of each peer ('higher' or 'lower' is better)."""
    def ratio(peer):
        ours, theirs = values.get("ftsweep"), values.get(peer)
        if not ours or not theirs:
            return None
        return ours / theirs if better == "higher" else theirs / ours
    return {"figure": label, "unit": unit, **{tool: values.get(tool) for tool in TOOLS},
            "ftsweep_x_mlflow": ratio("mlflow"), "ftsweep_x_optuna": ratio("optuna")}


def table_rows(ingest, raw):
    """The figures, in the table's order."""
    def of(key, scale=1.0):
        return {tool: figures[key] * scale for tool, figures in ingest.items() if figures.get(key) is not None}

    def timed(figure, tools=TOOLS):
        return {tool: hyperfine_median(raw, figure, tool) * 1000 for tool in tools if hyperfine_median(raw, figure, tool)}

    inproc = {tool: read_json(os.path.join(raw, f"inproc-{tool}.json")) for tool in ("mlflow", "optuna")}
    in_process = {tool: result["median_s"] * 1000 for tool, result in inproc.items() if result}
    in_process.update(timed("query", ("ftsweep",)))
    return [
        row("ingest, s", "s", of("ingest_s"), "lower"),
        row("ingest, step rows/s", "rows/s", of("step_rows_per_s"), "higher"),
        row("ingest, metric values stored/s", "values/s", of("metric_values_per_s"), "higher"),
        row("ingest, MB written", "MB", of("write_bytes", 1e-6), "lower"),
        row("store size after ingest, MB", "MB", of("store_bytes", 1e-6), "lower"),
        row("top-10 query, whole process, ms", "ms", timed("query"), "lower"),
        row("top-10 query, in-process, ms (ftsweep: whole process)", "ms", in_process, "lower"),
        row("--version, ms", "ms", timed("version"), "lower"),
        row("list runs (CLI), ms", "ms", timed("list"), "lower"),
    ]


def cell(value):
    """A value as the table shows it."""
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def multiple(value):
    """A ratio as the table shows it."""
    return "n/a" if value is None else (f"{value:,.0f}×" if value >= 100 else f"{value:.3g}×")


def print_table(rows):
    """The table on stdout."""
    header = ["figure", "ftsweep", "MLflow", "Optuna", "ftsweep × MLflow", "ftsweep × Optuna"]
    lines = [[r["figure"], cell(r["ftsweep"]), cell(r["mlflow"]), cell(r["optuna"]),
              multiple(r["ftsweep_x_mlflow"]), multiple(r["ftsweep_x_optuna"])] for r in rows]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *lines]:
        print(" | ".join(text.ljust(w) if i == 0 else text.rjust(w) for i, (text, w) in enumerate(zip(line, widths))))


def machine(raw):
    """Cores this process may use, the CPU model, and the load averages when the benchmark started."""
    with open("/proc/cpuinfo") as f:
        models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    with open(os.path.join(raw, "loadavg")) as f:
        load = f.read().strip()
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": models[0] if models else platform.machine(),
            "loadavg_at_start": load}


def versions(ftsweep_version):
    """ftsweep's and the installed peers' versions."""
    found = {"ftsweep": ftsweep_version, "python": platform.python_version()}
    for tool, package in PEER_PACKAGES.items():
        try:
            found[tool] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[tool] = None
    return found


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    peers_dir, data_dir, ftsweep_version = argv[1:]
    raw = os.path.join(peers_dir, "raw")
    ingest, step_rows, cells = ingest_figures(peers_dir, data_dir)
    rows = table_rows(ingest, raw)
    tops = top_runs(raw)
    agree = {peer: tops[peer] == tops["ftsweep"] for peer in ("mlflow", "optuna") if peer in tops and "ftsweep" in tops}
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(raw), "versions": versions(ftsweep_version),
        "workload": {"runs": len(workload.manifest(data_dir)), "step_rows": step_rows, "metric_values": cells},
        "figures": rows, "ingest": ingest, "top10_seeds": tops, "top10_same_as_ftsweep": agree}
    with open(os.path.join(peers_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    found = results["versions"]
    box = results["machine"]
    print(f"peers benchmark, {results['date']}: {box['nproc']} cores, {box['cpu']}, load {box['loadavg_at_start']} at start")
    print(f"ftsweep {found['ftsweep']}, MLflow {found['mlflow'] or 'n/a'}, Optuna {found['optuna'] or 'n/a'},"
          f" Python {found['python']}; {results['workload']['runs']} runs, {results['workload']['step_rows']} step rows,"
          f" {cells} metric values")
    print()
    print_table(rows)
    print()
    for peer, same in agree.items():
        print(f"top 10 (by seed), {NAMES[peer]} vs ftsweep: {'same runs, same order' if same else 'DIFFERENT'}"
              f" {tops[peer]}{'' if same else ' vs ' + str(tops['ftsweep'])}")
    for tool, figures in ingest.items():
        if figures.get("setup_s") is not None:
            print(f"{NAMES[tool]}: {SETUP[tool]}, not in the ingest figures: {figures['setup_s']:.2f} s")
    print(LEGEND.format(runs=", ".join(f"{NAMES[tool]} {figures['repetitions']}" for tool, figures in ingest.items())))


if __name__ == "__main__":
    main(sys.argv)
