import Ledger
import SweepCore

/// Everything `ftsweep report` shows about one sweep, as read from the ledger: the sweep, its
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

    /// Reads the sweep named `key` (name or id) and everything the report shows of it.
    public init(reading key: String, from ledger: Ledger, generatedAt: String) throws(LedgerError) {
        let sweep = try ledger.sweep(named: key)
        let runs = try ledger.runs(RunQuery(sweep: sweep.name, sortMetric: sweep.metric, descending: sweep.goal == .maximize))
        var metrics: [Int: [MetricRow]] = [:]
        for run in runs { metrics[run.id] = try ledger.metrics(run: run.id) }
        let models = Set(runs.compactMap(\.fineTunedModel) + runs.map(\.model)).sorted()
        let digests = Set(runs.flatMap { [$0.trainingDigest, $0.validationDigest].compactMap { $0 } })
        self.init(
            sweep: sweep, runs: runs, metrics: metrics, evaluations: try ledger.evaluations(models: models),
            datasets: try ledger.datasets(digests: digests), spend: try ledger.spend(sweep: sweep.id), generatedAt: generatedAt)
    }

    public var lowerIsBetter: Bool { sweep.goal != .maximize }

    /// The best run: the first succeeded one that has the metric.
    public var best: RunRecord? { runs.best(by: sweep.metric) }

    /// The newest evaluation of each model.
    public var latestEvaluation: [String: EvaluationRecord] { EvaluationRecord.newestByModel(evaluations) }
}
