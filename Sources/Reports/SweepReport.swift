import Ledger

/// Everything `ftsweep report` shows about one sweep, as the command reads it from the ledger: the sweep, its
/// runs ranked, their metric rows, the evaluations of their models and the datasets they used.
public struct SweepReport: Sendable {
    public var sweep: SweepRecord
    /// Ranked by the sweep's metric and goal; runs without the metric last.
    public var runs: [RunRecord]
    /// Each run's metric rows in step order, by run id.
    public var metrics: [Int: [MetricRow]]
    /// Stored evaluations of the runs' fine-tuned and base models, newest first.
    public var evaluations: [EvaluationRecord]
    /// The datasets the runs trained and validated on.
    public var datasets: [DatasetRecord]
    public var spend: SweepSpend
    /// When the report was made, as its header shows it (the one line that differs between two reports).
    public var generatedAt: String

    public init(
        sweep: SweepRecord, runs: [RunRecord], metrics: [Int: [MetricRow]] = [:], evaluations: [EvaluationRecord] = [],
        datasets: [DatasetRecord] = [], spend: SweepSpend = SweepSpend(), generatedAt: String = ""
    ) {
        self.sweep = sweep
        self.runs = runs
        self.metrics = metrics
        self.evaluations = evaluations
        self.datasets = datasets
        self.spend = spend
        self.generatedAt = generatedAt
    }

    var lowerIsBetter: Bool { sweep.goal != "maximize" }

    /// The best run: the first succeeded one that has the metric.
    var best: RunRecord? { runs.best(by: sweep.metric) }

    /// The newest evaluation of each model.
    var latestEvaluation: [String: EvaluationRecord] { EvaluationRecord.newestByModel(evaluations) }
}
