import Foundation
import Ledger
import SweepCore

/// Runs as a ranked table, CSV or Markdown, for `runs ls`, `best` and the end of a launch.
public struct RunTableView {
    public var runs: [RunRecord]
    /// The metric the rows are ranked by.
    public var metric: String
    /// Drop the columns whose value is the same in every row (the rank and run id always stay).
    public var changedOnly: Bool

    /// Evaluation figures by fine-tuned model, shown when `metric` is `eval.NAME`.
    public var evaluations: [String: EvaluationRecord]
    /// Train-loss samples by run id, shown as a sparkline column when given.
    public var curves: [Int: [Double]]
    /// The rows are in rank order (a `#` column leads); false for a listing in id order.
    public var ranked: Bool

    public init(
        _ runs: [RunRecord], metric: String = MetricSpec.default.name, changedOnly: Bool = false, evaluations: [String: EvaluationRecord] = [:],
        curves: [Int: [Double]] = [:], ranked: Bool = true
    ) {
        self.ranked = ranked
        self.runs = runs
        self.metric = metric
        self.changedOnly = changedOnly
        self.evaluations = evaluations
        self.curves = curves
    }

    /// How numbers are written: rounded for people, or every digit for CSV and Markdown.
    enum Precision { case display, full }

    struct Column: Sendable {
        var title: String
        var name: String
        var alignment: TextTable.Alignment
        var value: @Sendable (Int, RunRecord, Precision) -> String
        var always = false

        init(
            title: String, name: String, alignment: TextTable.Alignment, always: Bool = false,
            value: @escaping @Sendable (Int, RunRecord, Precision) -> String
        ) {
            (self.title, self.name, self.alignment, self.always, self.value) = (title, name, alignment, always, value)
        }

        /// A column whose text does not depend on the precision.
        init(title: String, name: String, alignment: TextTable.Alignment, always: Bool = false, text: @escaping @Sendable (Int, RunRecord) -> String) {
            self.init(title: title, name: name, alignment: alignment, always: always) { index, run, _ in text(index, run) }
        }
    }

    static let columns: [Column] = [
        Column(title: "#", name: "rank", alignment: .right, always: true) { index, _ in String(index + 1) },
        Column(title: "RUN", name: "run", alignment: .right, always: true) { String($1.id) },
        Column(title: "SWEEP", name: "sweep", alignment: .left) { $1.sweepName ?? "" },
        Column(title: "MODEL", name: "model", alignment: .left) { $1.model },
        Column(title: "EPOCHS", name: "n_epochs", alignment: .right) { $1.nEpochs.map(String.init) ?? "auto" },
        Column(title: "BATCH", name: "batch_size", alignment: .right) { $1.batchSize.map(String.init) ?? "auto" },
        Column(title: "LR×", name: "learning_rate_multiplier", alignment: .right) { $1.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto" },
        Column(title: "SEED", name: "seed", alignment: .right) { $1.seed.map(String.init) ?? "" },
        Column(title: "STATE", name: "state", alignment: .left) { $1.state.description },
        Column(title: "STEPS", name: "steps", alignment: .right) { $1.steps.map(String.init) ?? "" },
        Column(title: "FINE-TUNED MODEL", name: "fine_tuned_model", alignment: .left) { $1.fineTunedModel ?? "" },
    ]

    /// Every column: the runs' other hyperparameters (`lora_r`, …) after the learning-rate multiplier,
    /// the catalogue's metrics after the steps (with a train-loss sparkline first when curves are
    /// given), and the ranking evaluation figure before the model id when sorting by one.
    var columns: [Column] {
        var columns = ranked ? Self.columns : Array(Self.columns.dropFirst())
        columns.insert(contentsOf: Self.metricColumns(runs), at: columns.count - 1)
        if let seed = columns.firstIndex(where: { $0.name == "seed" }) {
            columns.insert(contentsOf: Self.parameterColumns(runs), at: seed)
        }
        if !curves.isEmpty, let steps = columns.firstIndex(where: { $0.name == "steps" }) {
            let curves = curves
            columns.insert(Column(title: "TRAIN LOSS", name: "train_loss_curve", alignment: .left) { _, run in
                Sparkline.render(curves[run.id] ?? [], width: 16)
            }, at: steps + 1)
        }
        if metric.hasPrefix("eval.") {
            let name = String(metric.dropFirst("eval.".count)), evaluations = evaluations
            columns.insert(Column(title: metric.uppercased(), name: metric, alignment: .right) { _, run, precision in
                Self.number(run.fineTunedModel.flatMap { evaluations[$0]?.metric(name) }, precision, decimals: 3)
            }, at: columns.count - 1)
        }
        return columns
    }

    /// The metrics a compact table shows: those always shown, and those some run has.
    static func shownMetrics(_ runs: [RunRecord]) -> [Metric] {
        Metric.allCases.filter { metric in
            metric.visibility == .always || metric.visibility == .whenPresent && runs.contains { $0[metric] != nil }
        }
    }

    static func metricColumns(_ runs: [RunRecord]) -> [Column] {
        shownMetrics(runs).map { metric in
            Column(title: metric.label.uppercased(), name: metric.name, alignment: .right) { number($1[metric], $2, decimals: metric.decimals) }
        }
    }

    /// One column for each hyperparameter beyond the standard columns that any run has, in the order first seen.
    static func parameterColumns(_ runs: [RunRecord]) -> [Column] {
        var names: [ParameterName] = []
        for run in runs { names += run.parameters.names.filter { !names.contains($0) } }
        return names.map { name in
            Column(title: name.rawValue.uppercased(), name: name.rawValue, alignment: .right) { _, run in
                run.parameters[name]?.description ?? ""
            }
        }
    }

    /// The columns shown: all, or with `changedOnly` those that vary.
    var shown: [Column] {
        guard changedOnly, runs.count > 1 else { return columns }
        return columns.filter { column in
            column.always || Set(runs.enumerated().map { column.value($0.offset, $0.element, .full) }).count > 1
        }
    }

    private func cells(_ precision: Precision) -> [[String]] {
        runs.enumerated().map { index, run in shown.map { $0.value(index, run, precision) } }
    }

    public func render() -> String {
        var table = TextTable(shown.map { TextTable.Column($0.title, $0.alignment) })
        // Names and values come from specs, trainers and providers: a terminal gets their control characters escaped.
        for row in cells(.display) { table.add(row.map { $0.isEmpty ? "-" : TerminalText.escape($0) }) }
        return table.render()
    }

    /// CSV with every digit of each figure (a spreadsheet rounds for itself).
    public func csv() -> String {
        ([shown.map(\.name).joined(separator: ",")] + cells(.full).map { $0.map(Self.csvCell).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let header = "| " + shown.map(\.name).joined(separator: " | ") + " |"
        let rule = "|" + shown.map { $0.alignment == .right ? "---:|" : "---|" }.joined()
        let rows = cells(.full).map { "| " + $0.map { $0.isEmpty ? "-" : $0.replacingOccurrences(of: "|", with: "\\\\|") }.joined(separator: " | ") + " |" }
        return ([header, rule] + rows).joined(separator: "\n") + "\n"
    }

    static func loss(_ value: Double?) -> String { number(value, .display) }

    /// A figure rounded for display, or written with the fewest digits that read back exactly.
    static func number(_ value: Double?, _ precision: Precision, decimals: Int = 4) -> String {
        guard let value else { return "" }
        return precision == .full ? "\(value)" : Formatting.fixed(value, decimals)
    }

    static func csvCell(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
