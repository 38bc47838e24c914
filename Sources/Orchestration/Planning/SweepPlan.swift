import Datasets
import SweepCore

/// What a sweep would do: its trials with their billed tokens and cost, and the checks it failed.
public struct SweepPlan: Sendable {
    public var spec: SweepSpec
    public var training: DatasetReport
    public var validation: DatasetReport?
    public var trials: [PlannedTrial]
    /// Budget caps the plan breaks, as sentences.
    public var budgetViolations: [String]
    /// Billed tokens of one epoch over the training file (for the validator's model), to price trials
    /// suggested while the sweep runs.
    public var tokensPerEpoch = 0

    public var totalCost: USD { trials.filter(\.willRun).reduce(.zero) { $0 + $1.cost } }
    public var totalTokens: Int { trials.filter(\.willRun).reduce(0) { $0 + $1.billedTokens } }

    /// A trial priced as the planner prices the plan's own: its epochs (`auto` resolved for this data)
    /// times one epoch's tokens, at the model's training price.
    public func planned(_ trial: Trial, catalog: ModelCatalog = .standard) -> PlannedTrial {
        let epochs = trial[.nEpochs].int ?? TrainingEstimate.autoEpochs(examples: training.examples)
        let billed = epochs * tokensPerEpoch
        return PlannedTrial(trial: trial, epochs: epochs, billedTokens: billed,
                            cost: catalog.info(for: trial.model, prices: spec.prices).trainingCost(tokens: billed))
    }
}

/// One trial of a plan.
public struct PlannedTrial: Sendable {
    public var trial: Trial
    public var epochs: Int
    public var billedTokens: Int
    public var cost: USD
    /// The run that settles this trial, so it is skipped: one that succeeded with its key, or this sweep's
    /// failed or cancelled attempt when failures are not retried. Nil with `--force`.
    public var existingRun: Int?
    /// That run's state.
    public var existingState: RunState?

    public init(trial: Trial, epochs: Int, billedTokens: Int, cost: USD, existingRun: Int? = nil, existingState: RunState? = nil) {
        self.trial = trial
        self.epochs = epochs
        self.billedTokens = billedTokens
        self.cost = cost
        self.existingRun = existingRun
        self.existingState = existingState
    }

    public var willRun: Bool { existingRun == nil }
}
