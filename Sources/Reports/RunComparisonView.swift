import Ledger
import SweepCore

/// Runs side by side, one column each, with `*` before every field whose values differ.
public struct RunComparisonView {
    public var runs: [RunRecord]

    public init(_ runs: [RunRecord]) { self.runs = runs }

    static let fields: [(String, @Sendable (RunRecord) -> String)] = [
        ("sweep", { $0.sweepName ?? "-" }), ("model", { $0.model }), ("n_epochs", { $0.nEpochs.map(String.init) ?? "auto" }),
        ("batch_size", { $0.batchSize.map(String.init) ?? "auto" }),
        ("learning_rate_multiplier", { $0.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto" }),
        ("seed", { $0.seed.map(String.init) ?? "-" }), ("training", { $0.trainingDigest.map { String($0.dropFirst(7).prefix(12)) } ?? "-" }),
        ("validation", { $0.validationDigest.map { String($0.dropFirst(7).prefix(12)) } ?? "-" }), ("provider", { $0.provider }),
        ("state", { $0.state.description }), ("steps", { $0.steps.map(String.init) ?? "-" }),
        ("trained_tokens", { $0.trainedTokens.map { Formatting.grouped($0) } ?? "-" }), ("fine_tuned_model", { $0.fineTunedModel ?? "-" }),
    ]

    /// The fixed fields, with the runs' other hyperparameters after the learning-rate multiplier and
    /// the catalogue's metrics after the steps.
    var fields: [(String, @Sendable (RunRecord) -> String)] {
        var fields = Self.fields
        let metrics = RunTableView.shownMetrics(runs).map { metric -> (String, @Sendable (RunRecord) -> String) in
            (metric.name, { $0[metric].map { Formatting.fixed($0, metric.decimals) } ?? "-" })
        }
        fields.insert(contentsOf: metrics, at: (fields.firstIndex { $0.0 == "steps" } ?? fields.endIndex - 1) + 1)
        let others = RunTableView.parameterColumns(runs).map { column -> (String, @Sendable (RunRecord) -> String) in
            (column.name, { column.value(0, $0, .display) })
        }
        fields.insert(contentsOf: others, at: fields.firstIndex { $0.0 == "seed" } ?? fields.endIndex)
        return fields
    }

    /// The names of the fields whose values differ between the runs.
    public var differing: [String] {
        fields.filter { field in Set(runs.map(field.1)).count > 1 }.map(\.0)
    }

    public func render() -> String {
        var table = TextTable([.init("")] + [.init("FIELD")] + runs.map { .init("RUN \($0.id)") })
        let changed = Set(differing)
        for (name, value) in fields {
            table.add([changed.contains(name) ? "*" : "", name] + runs.map { value($0).isEmpty ? "-" : TerminalText.escape(value($0)) })
        }
        return table.render()
    }
}
