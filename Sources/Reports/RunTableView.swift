import Foundation
import Ledger

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

    public init(
        _ runs: [RunRecord], metric: String = "full_valid_loss", changedOnly: Bool = false, evaluations: [String: EvaluationRecord] = [:],
        curves: [Int: [Double]] = [:]
    ) {
        self.runs = runs
        self.metric = metric
        self.changedOnly = changedOnly
        self.evaluations = evaluations
        self.curves = curves
    }

    struct Column: Sendable {
        var title: String
        var name: String
        var alignment: TextTable.Alignment
        var value: @Sendable (Int, RunRecord) -> String
        var always = false
    }

    static let columns: [Column] = [
        Column(title: "#", name: "rank", alignment: .right, value: { index, _ in String(index + 1) }, always: true),
        Column(title: "RUN", name: "run", alignment: .right, value: { String($1.id) }, always: true),
        Column(title: "SWEEP", name: "sweep", alignment: .left, value: { $1.sweepName ?? "" }),
        Column(title: "MODEL", name: "model", alignment: .left, value: { $1.model }),
        Column(title: "EPOCHS", name: "n_epochs", alignment: .right, value: { $1.nEpochs.map(String.init) ?? "auto" }),
        Column(title: "BATCH", name: "batch_size", alignment: .right, value: { $1.batchSize.map(String.init) ?? "auto" }),
        Column(title: "LR×", name: "learning_rate_multiplier", alignment: .right, value: { $1.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto" }),
        Column(title: "SEED", name: "seed", alignment: .right, value: { $1.seed.map(String.init) ?? "" }),
        Column(title: "STATE", name: "state", alignment: .left, value: { $1.state }),
        Column(title: "STEPS", name: "steps", alignment: .right, value: { $1.steps.map(String.init) ?? "" }),
        Column(title: "TRAIN", name: "final_train_loss", alignment: .right, value: { loss($1.finalTrainLoss) }),
        Column(title: "MIN VALID", name: "min_valid_loss", alignment: .right, value: { loss($1.minValidLoss) }),
        Column(title: "FULL VALID", name: "full_valid_loss", alignment: .right, value: { loss($1.fullValidLoss) }),
        Column(title: "ACC", name: "full_valid_accuracy", alignment: .right, value: { $1.fullValidAccuracy.map { Formatting.fixed($0, 3) } ?? "" }),
        Column(title: "FINE-TUNED MODEL", name: "fine_tuned_model", alignment: .left, value: { $1.fineTunedModel ?? "" }),
    ]

    /// Every column: with a train-loss sparkline after the steps when curves are given, and the
    /// ranking evaluation figure before the model id when sorting by one.
    var columns: [Column] {
        var columns = Self.columns
        if !curves.isEmpty, let steps = columns.firstIndex(where: { $0.name == "steps" }) {
            let curves = curves
            columns.insert(Column(title: "TRAIN LOSS", name: "train_loss_curve", alignment: .left, value: { _, run in
                Sparkline.render(curves[run.id] ?? [], width: 16)
            }), at: steps + 1)
        }
        if metric.hasPrefix("eval.") {
            let name = String(metric.dropFirst("eval.".count)), evaluations = evaluations
            columns.insert(Column(title: metric.uppercased(), name: metric, alignment: .right, value: { _, run in
                run.fineTunedModel.flatMap { evaluations[$0]?.metric(name) }.map { Formatting.fixed($0, 3) } ?? ""
            }), at: columns.count - 1)
        }
        return columns
    }

    /// The columns shown: all, or with `changedOnly` those that vary.
    var shown: [Column] {
        guard changedOnly, runs.count > 1 else { return columns }
        return columns.filter { column in
            column.always || Set(runs.enumerated().map { column.value($0.offset, $0.element) }).count > 1
        }
    }

    private var cells: [[String]] { runs.enumerated().map { index, run in shown.map { $0.value(index, run) } } }

    public func render() -> String {
        var table = TextTable(shown.map { TextTable.Column($0.title, $0.alignment) })
        for row in cells { table.add(row.map { $0.isEmpty ? "-" : $0 }) }
        return table.render()
    }

    public func csv() -> String {
        ([shown.map(\.name).joined(separator: ",")] + cells.map { $0.map(Self.csvCell).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let header = "| " + shown.map(\.name).joined(separator: " | ") + " |"
        let rule = "|" + shown.map { $0.alignment == .right ? "---:|" : "---|" }.joined()
        let rows = cells.map { "| " + $0.map { $0.isEmpty ? "-" : $0.replacingOccurrences(of: "|", with: "\\\\|") }.joined(separator: " | ") + " |" }
        return ([header, rule] + rows).joined(separator: "\n") + "\n"
    }

    static func loss(_ value: Double?) -> String { value.map { Formatting.fixed($0, 4) } ?? "" }

    static func csvCell(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
