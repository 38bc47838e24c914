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
        return keys.isEmpty || keys.contains { !isSortKey($0.0) && !ParameterName($0.0).isWellFormed } ? nil : keys
    }

    /// Whether `key` names a summary column, an evaluation figure or a `series:lastK` mean.
    private static func isSortKey(_ key: String) -> Bool {
        sortColumns[key] != nil || evaluationKeys.contains(key) || lastValues(key) != nil
    }

    /// The series and count of `valid_loss:lastN` (N from 1 to 10,000), for a series that averages its last values.
    package static func lastValues(_ key: String) -> (series: MetricSeries, count: Int)? {
        for series in MetricSeries.allCases where series.averagesLast && key.hasPrefix("\(series.rawValue):last") {
            guard let count = Int(key.dropFirst("\(series.rawValue):last".count)), (1...10_000).contains(count) else { return nil }
            return (series, count)
        }
        return nil
    }

    /// The evaluation figures `eval.NAME` names, for help texts.
    public static let evaluationKeys = EvaluationRecord.metricColumns.keys.sorted().map { "eval.\($0)" }

    /// The keys runs can be sorted by that are a run's own column, with the column: never scans of
    /// `metrics`. Every catalogue metric by its name and aliases (its summary column), and the run's columns.
    public static let sortColumns: [String: String] = Dictionary(
        uniqueKeysWithValues: Metric.allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, metric.column) } }
    ).merging([
        "n_epochs": "n_epochs", "batch_size": "batch_size", "learning_rate_multiplier": "learning_rate_multiplier",
        "created": "created_at", "trained_tokens": "trained_tokens", "id": "id",
    ]) { metric, _ in metric }
}
