import SweepCore

/// A plan's trials, priced as they are read. Only what the ledger settles (the trials a run already
/// did) is stored, so a grid of a million trials costs one pass to plan and no memory to hold.
public struct PlannedTrials: RandomAccessCollection, Sendable {
    /// The run that settles a trial, so the trial is skipped.
    struct Settled: Sendable {
        var run: Int
        var state: RunState
    }

    private let trials: TrialList
    let pricing: TrialPricing
    /// Trials a run settles, by index.
    private let settled: [Int: Settled]

    init(_ trials: TrialList, pricing: TrialPricing, settled: [Int: Settled]) {
        self.trials = trials
        self.pricing = pricing
        self.settled = settled
    }

    /// The trials an earlier run settles, in order, read without making the others.
    public var skipped: [PlannedTrial] { settled.keys.sorted().map { self[$0] } }

    public var startIndex: Int { 0 }
    public var endIndex: Int { trials.count }

    public subscript(index: Int) -> PlannedTrial {
        var planned = pricing.price(trials[index])
        if let run = settled[index] {
            planned.existingRun = run.run
            planned.existingState = run.state
        }
        return planned
    }
}

/// What a plan adds up to, counted in one pass over its trials.
public struct PlanTotals: Sendable, Equatable {
    /// Trials that will run (not settled by an earlier run).
    public var runnable = 0
    public var tokens = 0
    public var cost = USD.zero
    /// Settled trials whose run failed: the failure breaker counts them.
    public var failedBefore = 0
    /// The models the runnable trials train.
    public var models: Set<String> = []

    public init<Trials: Sequence>(_ trials: Trials) where Trials.Element == PlannedTrial {
        for planned in trials {
            if planned.willRun {
                runnable += 1
                tokens += planned.billedTokens
                cost = cost + planned.cost
                models.insert(planned.trial.model)
            } else if planned.existingState == .failed {
                failedBefore += 1
            }
        }
    }
}
