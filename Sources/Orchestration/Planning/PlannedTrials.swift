import Datasets
import SweepCore

/// A plan's trials, priced as they are read. Only what the ledger settles (the trials a run already
/// did) is stored, so a grid of a million trials costs one pass to plan and no memory to hold.
public struct PlannedTrials: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// How a trial is priced: its epochs (`auto` resolved for the data) times one epoch's billed tokens.
    struct Pricing: Sendable {
        var spec: SweepSpec
        var catalog: ModelCatalog
        var examples: Int
        /// Tokens of one epoch with each example capped at `cappedLimit` (the validator's model's limit).
        var cappedTokens: Int
        var cappedLimit: Int
        /// Tokens of one epoch uncapped: an upper bound under another model's limit.
        var uncappedTokens: Int

        func price(_ trial: Trial) -> PlannedTrial {
            let epochs = trial[.nEpochs].int ?? TrainingEstimate.autoEpochs(examples: examples)
            let model = catalog.info(for: trial.model, prices: spec.prices)
            let billed = epochs * (model.trainingTokenLimit == cappedLimit ? cappedTokens : uncappedTokens)
            return PlannedTrial(trial: trial, epochs: epochs, billedTokens: billed, cost: model.trainingCost(tokens: billed))
        }
    }

    /// The run that settles a trial, so the trial is skipped.
    struct Settled: Sendable {
        var run: Int
        var state: String
    }

    private enum Storage: Sendable {
        case priced(TrialList, Pricing, settled: [Int: Settled])
        case listed([PlannedTrial])
    }

    private let storage: Storage

    init(_ trials: TrialList, pricing: Pricing, settled: [Int: Settled]) {
        storage = .priced(trials, pricing, settled: settled)
    }

    public init(_ trials: [PlannedTrial]) { storage = .listed(trials) }

    public init(arrayLiteral trials: PlannedTrial...) { self.init(trials) }

    /// The trials an earlier run settles, in order, read without making the others.
    public var skipped: [PlannedTrial] {
        switch storage {
        case let .listed(trials): trials.filter { !$0.willRun }
        case let .priced(_, _, settled): settled.keys.sorted().map { self[$0] }
        }
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case let .priced(trials, _, _): trials.count
        case let .listed(trials): trials.count
        }
    }

    public subscript(index: Int) -> PlannedTrial {
        switch storage {
        case let .listed(trials):
            return trials[index]
        case let .priced(trials, pricing, settled):
            var planned = pricing.price(trials[index])
            if let run = settled[index] {
                planned.existingRun = run.run
                planned.existingState = run.state
            }
            return planned
        }
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
            } else if planned.existingState == "failed" {
                failedBefore += 1
            }
        }
    }
}
