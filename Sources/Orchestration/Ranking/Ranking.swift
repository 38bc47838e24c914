import Ledger
import SweepCore

/// The winner of `best`: a run's final model, or one of its kept checkpoints.
public enum BestCandidate: Sendable, Equatable {
    case run(RunRecord)
    case checkpoint(CheckpointCandidate, of: RunRecord)

    public var modelID: String {
        switch self {
        case .run(let run): run.fineTunedModel ?? ""
        case .checkpoint(let checkpoint, _): checkpoint.modelID
        }
    }
}

/// Picks the best succeeded run by a metric, letting checkpoints compete when asked.
public struct Ranking {
    let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// The key a checkpoint's metrics use for a ranking metric; checkpoints carry full validation only.
    static func checkpointKey(_ metric: String) -> String? {
        ["full_valid_loss": "full_valid_loss", "full_valid_accuracy": "full_valid_mean_token_accuracy"][metric]
    }

    /// The sweep's `count` best succeeded runs by its own metric, best first.
    public func top(sweep: String, count: Int) throws -> [RunRecord] {
        let record = try ledger.sweep(named: sweep)
        return try ledger.runs(RunQuery(sweep: sweep, sortMetric: record.metric, descending: record.goal == "maximize", states: ["succeeded"], limit: count))
    }

    /// The best candidate of a sweep (or of every run), or nil when no run has succeeded.
    /// `metric` defaults to the sweep's, else `full_valid_loss`.
    public func best(sweep: String?, metric chosen: String?, includeCheckpoints: Bool) throws -> BestCandidate? {
        var metric = "full_valid_loss", goal = Goal.minimize
        if let sweep {
            let record = try ledger.sweep(named: sweep)
            metric = record.metric
            goal = record.goal == "maximize" ? .maximize : .minimize
        }
        if let chosen {
            metric = chosen
            goal = MetricSpec.known[chosen] ?? .minimize
        }
        // Runs without the metric sort last, so the first run is the best one (read from the ranking index).
        let runs = try ledger.runs(RunQuery(sweep: sweep, sortMetric: metric, descending: goal == .maximize, states: ["succeeded"], limit: 1))
        guard let best = runs.first else { return nil }
        guard includeCheckpoints, let key = Self.checkpointKey(metric), let bar = best.metric(metric) else { return .run(best) }
        func better(_ a: Double, _ b: Double) -> Bool { goal == .maximize ? a > b : a < b }
        let winner = try ledger.checkpointCandidates(sweep: sweep)
            .compactMap { candidate in candidate.metrics[key].map { (candidate, $0) } }
            .min { better($0.1, $1.1) }
        guard let (checkpoint, value) = winner, better(value, bar) else { return .run(best) }
        return .checkpoint(checkpoint, of: try ledger.run(checkpoint.runID))
    }
}
