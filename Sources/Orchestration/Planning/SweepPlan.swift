import Datasets
import SweepCore

/// What a sweep would do: its trials with their billed tokens and cost, and the checks it failed.
public struct SweepPlan: Sendable {
    public var spec: SweepSpec
    public var training: DatasetReport
    public var validation: DatasetReport?
    /// Made as they are read (a grid's trial `i` from `i`): read them in order, or by index.
    public let trials: PlannedTrials
    /// The trials added up, in the one pass made when the plan is.
    public let totals: PlanTotals
    /// Budget caps the plan breaks, as sentences.
    public var budgetViolations: [String]

    init(spec: SweepSpec, training: DatasetReport, validation: DatasetReport?, trials: PlannedTrials, budgetViolations: [String]) {
        self.spec = spec
        self.training = training
        self.validation = validation
        self.trials = trials
        self.totals = PlanTotals(trials)
        self.budgetViolations = budgetViolations
    }

    public var totalCost: USD { totals.cost }
    public var totalTokens: Int { totals.tokens }

    /// A trial priced as the planner prices the plan's own (a trial suggested while the sweep runs).
    public func planned(_ trial: Trial) -> PlannedTrial { trials.pricing.price(trial) }
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
