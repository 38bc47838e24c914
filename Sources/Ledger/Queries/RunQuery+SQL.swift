import SweepCore

/// The SQL each sort and filter key of a `RunQuery` reads, over `runs r`.
extension RunQuery {
    /// A parameter's value in the run's `run_params` row; numbers sort before names, as SQLite orders
    /// mixed values. The name is well-formed (letters, digits, `_`), so it is written into the text.
    static func parameterExpression(_ name: String) -> String? {
        guard ParameterName(name).isWellFormed else { return nil }
        return "(SELECT p.value FROM run_params p WHERE p.run_id = r.id AND p.name = '\(name)')"
    }

    /// The SQL a sort key orders by: a summary column; for `eval.NAME` the figure of the newest
    /// evaluation of the run's model; for `valid_loss:lastK` / `train_loss:lastK` the mean of the
    /// run's last K values (the one sort that reads `metrics`, K rows a run).
    static func sortExpression(_ key: String) -> String? {
        if let column = sortColumns[key] { return "r.\(column)" }
        if let evaluation = evaluationExpression(key) { return evaluation }
        return lastValues(key).map { series, count in
            "(SELECT avg(v) FROM (SELECT m.\(series.column) AS v FROM \(series.table.rawValue) m WHERE m.run_id = r.id AND m.\(series.column) IS NOT NULL ORDER BY m.step DESC LIMIT \(count)))"
        }
    }

    /// `eval.accuracy`, `eval.macro_f1`, …: the run's model's figure on the ledger's newest test set
    /// (one row of the unique (model, test set) index), so a ranking never mixes figures of two test sets.
    static func evaluationExpression(_ key: String) -> String? {
        guard key.hasPrefix("eval."), let column = EvaluationRecord.metricColumns[String(key.dropFirst(5))] else { return nil }
        return "(SELECT e.\(column) FROM evaluations e WHERE e.model = r.fine_tuned_model AND e.test_digest = \(newestTestSet))"
    }

    /// The digest of the test set most recently evaluated on.
    static let newestTestSet = "(SELECT t.test_digest FROM evaluations t ORDER BY t.id DESC LIMIT 1)"
}
