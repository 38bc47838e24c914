import Datasets
import Orchestration
import SweepCore

/// `sweep plan` as a table with totals, or as JSON.
public struct PlanView {
    public var plan: SweepPlan
    /// The most trials the table lists; the totals count them all and `--format json` lists every one.
    public var shownTrials = 200

    public init(_ plan: SweepPlan) { self.plan = plan }

    public func render() -> String {
        let others = plan.spec.parameters.otherNames
        var table = TextTable([
            .init("#", .right), .init("MODEL"), .init("EPOCHS", .right), .init("BATCH", .right), .init("LR×", .right),
        ] + others.map { .init(TerminalText.escape($0.rawValue), .right) } + [
            .init("SEED", .right), .init("BILLED TOKENS", .right), .init("COST", .right), .init("KEY"), .init("NOTE"),
        ])
        for item in plan.trials.prefix(shownTrials) {
            let trial = item.trial
            let epochs = "\(item.epochs)\(trial[.nEpochs] == .auto ? " (auto)" : "")"
            let settings = [trial[.batchSize].description, trial[.learningRateMultiplier].description]
                + others.map { TerminalText.escape(trial[$0].description) }
            table.add([String(trial.index + 1), TerminalText.escape(trial.model), epochs] + settings + [
                String(trial.seed), Formatting.grouped(item.billedTokens), item.cost.formatted(decimals: 2),
                trial.key.short, item.existingRun.map { "done as run \($0): skipped" } ?? "",
            ])
        }
        let running = plan.totals.runnable
        var lines = [
            "sweep \(plan.spec.name): \(plan.spec.method.rawValue) search, \(plan.trials.count.counted("trial")), \(running) to run, ranked by \(plan.spec.metric.name) (\(plan.spec.metric.goal.rawValue))",
            "training   \(TerminalText.escape(plan.training.path))  \(plan.training.digest.short)  \(Formatting.grouped(plan.training.examples)) examples",
        ]
        if let validation = plan.validation {
            lines.append("validation \(TerminalText.escape(validation.path))  \(validation.digest.short)  \(Formatting.grouped(validation.examples)) examples")
            if Metric(named: plan.spec.metric.name)?.isScoredOnValidation == true {
                // Answers are asked of the provider like any other completion, and may be billed; the costs below are training only.
                lines.append("scoring    each succeeded model answers the \(Formatting.grouped(validation.examples)) validation examples (one completion each, not in the costs below)")
            }
        }
        if plan.spec.method.isAdaptive {
            lines.append("\(plan.spec.method.rawValue): a preview; each trial is chosen as results come in, so later ones and the costs are estimates")
        }
        lines.append("")
        lines.append(table.render())
        if plan.trials.count > shownTrials {
            lines.append("… and \(Formatting.grouped(plan.trials.count - shownTrials)) more trials (--format json lists every one)")
        }
        lines.append("")
        lines.append("total: \(Formatting.grouped(plan.totalTokens)) billed tokens, \(plan.totalCost.formatted(decimals: 2)) for \(running.counted("trial"))")
        for violation in plan.budgetViolations { lines.append("over budget: \(violation)") }
        return lines.joined(separator: "\n")
    }

    /// The plan for `--format json`.
    public var document: Document {
        Document(
            sweep: plan.spec.name, method: plan.spec.method.rawValue, metric: plan.spec.metric,
            trials: plan.trials.map {
                Document.Trial(
                    index: $0.trial.index + 1, model: $0.trial.model, nEpochs: $0.trial[.nEpochs], billedEpochs: $0.epochs,
                    batchSize: $0.trial[.batchSize], learningRateMultiplier: $0.trial[.learningRateMultiplier],
                    parameters: $0.trial.hyperparameters.removing(ParameterName.apiHyperparameters), seed: $0.trial.seed,
                    trialKey: $0.trial.key.rawValue, billedTokens: $0.billedTokens, costUSD: $0.cost.dollars, existingRun: $0.existingRun)
            },
            totalBilledTokens: plan.totalTokens, totalCostUSD: plan.totalCost.dollars, budgetViolations: plan.budgetViolations)
    }

    public struct Document: Encodable {
        public struct Trial: Encodable {
            var index: Int
            var model: String
            /// The spec's value (a number or `auto`).
            var nEpochs: ParamValue
            /// The epochs the cost assumes: `n_epochs`, or what `auto` resolves to for this data.
            var billedEpochs: Int
            var batchSize: ParamValue
            var learningRateMultiplier: ParamValue
            /// The spec's other parameters (`lora_r`, …), as runs' JSON has them.
            var parameters: ParameterValues
            var seed: Int
            var trialKey: String
            var billedTokens: Int
            var costUSD: Double
            var existingRun: Int?
        }

        var sweep: String
        var method: String
        var metric: MetricSpec
        var trials: [Trial]
        var totalBilledTokens: Int
        var totalCostUSD: Double
        var budgetViolations: [String]
    }
}
