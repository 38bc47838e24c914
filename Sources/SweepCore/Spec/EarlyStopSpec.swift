/// `early_stop:` in a spec: which rule cancels a losing trial, with W&B's key names where W&B has them.
public enum EarlyStopSpec: Sendable, Equatable {
    /// `{type: median, min_iter: 10, startup_trials: 3}`: the median stopping rule (Vizier), judging from
    /// step `min_iter` once `startup_trials` trials have completed.
    case median(startupTrials: Int, minIter: Int)
    /// `{type: hyperband, min_iter: 10, eta: 3}`: asynchronous successive halving, rungs at
    /// `min_iter`·ηᵏ steps keeping the best 1/η (W&B's name for it).
    case hyperband(minIter: Int, eta: Int)
    /// `{type: patience, patience: 3, min_delta: 0.001}`: stop after `patience` evaluations without an
    /// improvement of at least `min_delta`.
    case patience(patience: Int, minDelta: Double)

    public static let types = ["median", "hyperband", "patience"]

    /// The keys each type takes besides `type`.
    static func keys(of type: String) -> [String] {
        switch type {
        case "median": ["min_iter", "startup_trials"]
        case "hyperband": ["min_iter", "eta"]
        default: ["patience", "min_delta"]
        }
    }

    /// The rule that decides.
    public var rule: any EarlyStopRule {
        switch self {
        case let .median(startupTrials, minIter): MedianStoppingRule(startupTrials: startupTrials, warmupSteps: minIter)
        case let .hyperband(minIter, eta): SuccessiveHalvingRule(minResource: minIter, reductionFactor: eta)
        case let .patience(patience, minDelta): PatienceRule(patience: patience, minDelta: minDelta)
        }
    }
}

/// `warm_start:` in a spec: finished trials from the ledger that the sampler learns from before it
/// suggests anything, on the same training and validation data and the same parameters.
public enum WarmStartSpec: Sendable, Equatable {
    /// `warm_start: same_data`: every earlier sweep's trials on the same data.
    case sameData
    /// `warm_start: {sweeps: [a, b]}`: those sweeps' trials on the same data.
    case sweeps([String])
}
