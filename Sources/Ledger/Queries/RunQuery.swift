import Foundation
import SweepCore

/// Which runs to list, and in what order.
public struct RunQuery: Sendable {
    public var sweep: String?
    /// Sort keys in order, each a column of `sortColumns` and a direction; none sorts by run id.
    public var sort: [(column: String, descending: Bool)]
    public var states: [RunState]?
    public var limit: Int?
    /// A `--where` filter.
    public var filter: RunFilter?

    public init(sweep: String? = nil, sortMetric: String? = nil, descending: Bool = false, states: [RunState]? = nil, limit: Int? = nil, filter: RunFilter? = nil) {
        self.sweep = sweep
        self.sort = sortMetric.map { [($0, descending)] } ?? []
        self.states = states
        self.limit = limit
        self.filter = filter
    }

    /// Parses `"full_valid_loss,-lora_r"`: comma-separated keys, `-` for descending. A key that is
    /// neither a column nor well-formed as a parameter name is nil; whether a parameter exists is the
    /// ledger's to say when the query runs.
    public static func sortKeys(_ text: String) -> [(column: String, descending: Bool)]? {
        let keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { key in
            key.hasPrefix("-") ? (String(key.dropFirst()), true) : (key, false)
        }
        return keys.isEmpty || keys.contains { sortExpression($0.0) == nil && !ParameterName($0.0).isWellFormed } ? nil : keys
    }

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
        if let column = sortColumns[key] { return column }
        if let evaluation = evaluationExpression(key) { return evaluation }
        return lastValues(key).map { series, count in
            "(SELECT avg(v) FROM (SELECT m.\(series.column) AS v FROM metrics m WHERE m.run_id = r.id AND m.\(series.column) IS NOT NULL ORDER BY m.step DESC LIMIT \(count)))"
        }
    }

    /// The series and count of `valid_loss:lastN` (N from 1 to 10,000), for a series that averages its last values.
    static func lastValues(_ key: String) -> (series: MetricSeries, count: Int)? {
        for series in MetricSeries.allCases where series.averagesLast && key.hasPrefix("\(series.rawValue):last") {
            guard let count = Int(key.dropFirst("\(series.rawValue):last".count)), (1...10_000).contains(count) else { return nil }
            return (series, count)
        }
        return nil
    }

    /// `eval.accuracy`, `eval.macro_f1`, …: the run's model's figure on the ledger's newest test set
    /// (one row of the unique (model, test set) index), so a ranking never mixes figures of two test sets.
    static func evaluationExpression(_ key: String) -> String? {
        guard key.hasPrefix("eval."), let column = EvaluationRecord.metricColumns[String(key.dropFirst(5))] else { return nil }
        return "(SELECT e.\(column) FROM evaluations e WHERE e.model = r.fine_tuned_model AND e.test_digest = \(newestTestSet))"
    }

    /// The digest of the test set most recently evaluated on.
    static let newestTestSet = "(SELECT t.test_digest FROM evaluations t ORDER BY t.id DESC LIMIT 1)"

    /// The evaluation figures `eval.NAME` names, for help texts.
    public static let evaluationKeys = EvaluationRecord.metricColumns.keys.sorted().map { "eval.\($0)" }

    /// The metrics runs can be sorted by: summary columns, never scans of `metrics`. Every catalogue
    /// metric by its name and aliases, and the run's own columns.
    public static let sortColumns: [String: String] = Dictionary(
        uniqueKeysWithValues: Metric.allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, "r.\(metric.column)") } }
    ).merging([
        "n_epochs": "r.n_epochs", "batch_size": "r.batch_size", "learning_rate_multiplier": "r.learning_rate_multiplier",
        "created": "r.created_at", "trained_tokens": "r.trained_tokens", "id": "r.id",
    ]) { metric, _ in metric }
}
