import SweepCore

extension Ledger {
    /// The schema version the file holds: `user_version`, checked against what ftsweep writes. A file restored
    /// from `sqlite3 .dump` has the tables but `user_version` 0 (the dump leaves it out), so then the version is
    /// read from the tables themselves. 0 means a file with no tables at all: no ledger yet.
    func storedSchemaVersion() throws(LedgerError) -> Int {
        let recorded = try database.userVersion
        guard recorded >= 0 else { throw .badSchemaVersion(path: path, found: recorded, known: Migrations.latestVersion) }
        guard recorded <= Migrations.latestVersion else {
            throw .newerSchema(path: path, found: recorded, known: Migrations.latestVersion)
        }
        guard recorded == 0 else { return recorded }
        let names = try database.schemaObjectNames()
        if names.isEmpty { return 0 }
        guard ["datasets", "sweeps", "runs", "metrics"].allSatisfy(names.contains) else {
            let shown = names.sorted().prefix(3).joined(separator: ", ")
            throw .notALedger(path: path, reason: "it holds other tables (\(shown)\(names.count > 3 ? ", …" : "")) and no ledger schema")
        }
        // Each migration's mark, newest first; these names are fixed once a migration is merged.
        if names.contains(MetricTable.classificationMetrics.rawValue) { return 10 }
        if names.contains("runs_rank_\(Metric.validExactMatch.column)") { return 9 }
        if names.contains("runs_rank_\(Metric.classificationAccuracy.column)") { return 8 }
        let runs = try database.tableDefinition("runs")
        if runs?.contains("training_digest TEXT NOT NULL") == false { return 7 }
        if names.contains("run_params") { return 6 }
        if names.contains("ledger_meta") { return 5 }
        if names.contains("evaluations") { return 4 }
        if names.contains("runs_rank_\(Metric.fullValidLoss.column)") { return 3 }
        let sweepColumns = try database.columns(of: "sweeps")
        return sweepColumns.contains("heartbeat_at") ? 2 : 1
    }
}
