import Ledger

/// Runs as a ranked table, or CSV, for `runs ls`, `best` and the end of a launch.
public struct RunTableView {
    public var runs: [RunRecord]
    /// The metric the rows are ranked by, shown first.
    public var metric: String

    public init(_ runs: [RunRecord], metric: String = "full_valid_loss") {
        self.runs = runs
        self.metric = metric
    }

    static let columns = [
        "rank", "run", "sweep", "model", "n_epochs", "batch_size", "learning_rate_multiplier", "seed", "state", "steps",
        "final_train_loss", "min_valid_loss", "full_valid_loss", "full_valid_accuracy", "fine_tuned_model",
    ]

    public func render() -> String {
        var table = TextTable([
            .init("#", .right), .init("RUN", .right), .init("SWEEP"), .init("MODEL"), .init("EPOCHS", .right), .init("BATCH", .right),
            .init("LR×", .right), .init("SEED", .right), .init("STATE"), .init("STEPS", .right), .init("TRAIN", .right),
            .init("MIN VALID", .right), .init("FULL VALID", .right), .init("ACC", .right), .init("FINE-TUNED MODEL"),
        ])
        for row in rows() { table.add(row.map { $0.isEmpty ? "-" : $0 }) }
        return table.render()
    }

    public func csv() -> String {
        ([Self.columns.joined(separator: ",")] + rows().map { $0.map(Self.csvCell).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    private func rows() -> [[String]] {
        runs.enumerated().map { index, run in
            [
                String(index + 1), String(run.id), run.sweepName ?? "", run.model, run.nEpochs.map(String.init) ?? "auto",
                run.batchSize.map(String.init) ?? "auto", run.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto",
                run.seed.map(String.init) ?? "", run.state, run.steps.map(String.init) ?? "", Self.loss(run.finalTrainLoss),
                Self.loss(run.minValidLoss), Self.loss(run.fullValidLoss), run.fullValidAccuracy.map { Formatting.fixed($0, 3) } ?? "",
                run.fineTunedModel ?? "",
            ]
        }
    }

    static func loss(_ value: Double?) -> String { value.map { Formatting.fixed($0, 4) } ?? "" }

    static func csvCell(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
    }
}
