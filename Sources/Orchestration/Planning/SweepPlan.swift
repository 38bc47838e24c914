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

    public var totalCost: USD { trials.filter(\.willRun).reduce(.zero) { $0 + $1.cost } }
    public var totalTokens: Int { trials.filter(\.willRun).reduce(0) { $0 + $1.billedTokens } }
}

/// One trial of a plan.
public struct PlannedTrial: Sendable {
    public var trial: Trial
    public var epochs: Int
    public var billedTokens: Int
    public var cost: USD
    /// The succeeded run that already has this key, when there is one (and `--force` was not given).
    public var existingRun: Int?

    public var willRun: Bool { existingRun == nil }
}
