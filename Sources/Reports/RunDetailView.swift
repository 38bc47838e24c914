import Ledger
import SweepCore

/// `runs show`: one run's settings, data, job, curves, checkpoints, events and cost.
public struct RunDetailView {
    public var run: RunRecord
    public var metrics: [MetricRow]
    public var checkpoints: [(step: Int, model: String)]
    public var events: [(createdAt: Int, level: String, message: String)]
    public var datasets: [DatasetRecord]
    /// The run's model's evaluations on held-out test sets, newest first.
    public var evaluations: [EvaluationRecord]

    public init(
        run: RunRecord, metrics: [MetricRow], checkpoints: [(step: Int, model: String)], events: [(createdAt: Int, level: String, message: String)],
        datasets: [DatasetRecord], evaluations: [EvaluationRecord] = []
    ) {
        self.run = run
        self.metrics = metrics
        self.checkpoints = checkpoints
        self.events = events
        self.datasets = datasets
        self.evaluations = evaluations
    }

    public func render() -> String {
        func number(_ value: Double?) -> String { value.map { Formatting.fixed($0, 4) } ?? "-" }
        var lines = [
            "run \(run.id)\(run.sweepName.map { " of sweep \($0)" } ?? ""), attempt \(run.attempt): \(run.state)",
            "trial key         \(run.trialKey)",
            "model             \(run.model) → \(run.fineTunedModel ?? "-")",
            "hyperparameters   n_epochs \(run.nEpochs.map(String.init) ?? "auto"), batch_size \(run.batchSize.map(String.init) ?? "auto"), learning_rate_multiplier \(run.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto")\(run.parameters.map { ", \($0.name) \(TerminalText.escape($0.value.description))" }.joined()), seed \(run.seed.map(String.init) ?? "-")",
            "resolved          \(run.resolvedJSON ?? "-")",
            "provider          \(run.provider), job \(run.jobID ?? "-")",
            "created           \(run.createdAt)\(run.finishedAt.map { ", finished \($0)" } ?? "")",
        ]
        if let code = run.errorCode { lines.append("error             \(code): \(run.errorMessage ?? "")") }
        if run.trainingDigest == nil { lines.append("training          none recorded (imported without its training file)") }
        for (label, digest) in [("training", run.trainingDigest), ("validation", run.validationDigest)] {
            guard let digest else { continue }
            let paths = datasets.first { $0.digest == digest }?.paths.map(\.path).joined(separator: ", ") ?? "-"
            lines.append("\(label.padded(to: 18))\(digest)  \(paths)")
        }
        lines.append("metrics           \(run.steps ?? 0) steps; final train \(number(run.finalTrainLoss)), min valid \(number(run.minValidLoss)), full valid \(number(run.fullValidLoss)), accuracy \(number(run.fullValidAccuracy))")
        let train = metrics.compactMap(\.trainLoss), valid = metrics.compactMap(\.validLoss), full = metrics.compactMap(\.fullValidLoss)
        if !train.isEmpty { lines.append("train loss        \(Sparkline.render(train))  \(number(train.first)) → \(number(train.last))") }
        if !valid.isEmpty { lines.append("valid loss        \(Sparkline.render(valid))  \(number(valid.first)) → \(number(valid.last))") }
        if !full.isEmpty { lines.append("full valid loss   \(Sparkline.render(full))  \(number(full.first)) → \(number(full.last))") }
        let estimate = run.estimatedCostNanos.map { "estimated \(USD(nanos: Int64($0)))" } ?? "estimated -"
        let actual = run.trainedTokens.map { "actual \(ModelCatalog.standard.info(for: run.model).trainingCost(tokens: $0)) for \(Formatting.grouped($0)) trained tokens" } ?? "actual -"
        lines.append("cost              \(estimate); \(actual)")
        for evaluation in evaluations {
            let figures = evaluation.kind == .labels
                ? "accuracy \(EvaluationView.figure(evaluation.accuracy)), macro F1 \(EvaluationView.figure(evaluation.macroF1))"
                : "exact match \(EvaluationView.figure(evaluation.accuracy)), token F1 \(EvaluationView.figure(evaluation.tokenF1))"
            lines.append("eval              \(figures) on \(evaluation.examples) examples of \(evaluation.testPath) (\(evaluation.testDigest.prefix(19))…)")
        }
        if !checkpoints.isEmpty {
            lines.append("checkpoints")
            for checkpoint in checkpoints { lines.append("  step \(checkpoint.step)  \(checkpoint.model)") }
        }
        if !events.isEmpty {
            lines.append("history (message events)")
            for event in events { lines.append("  \(event.level.padded(to: 6)) \(event.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
