import SweepCore

/// A search method: a sampler and, optionally, a rule that stops trials early.
struct Method {
    var name: String
    var sampler: any Sampler
    var rule: (any EarlyStopRule)?
}

/// What one replay of a method found.
struct Outcome {
    /// Tokens spent when a trial within 1 % of the grid's best completed; nil if none did.
    var tokensToBest: Int?
    /// The best final metric among trials completed within the budget; nil if none were.
    var bestWithinBudget: Double?
}

/// Replays a method against the recorded grid, one trial at a time: each trial reports its recorded
/// curve point by point (a point's cost is the tokens trained to reach it) until it ends or the rule
/// stops it. The sampler searches `space`: the grid spec's own lists, where every suggestion is a new
/// recorded trial (samplers never repeat one of a finite space), or a wider space whose suggestions
/// run as the grid's nearest trial, one already run costing nothing and ending as before (a ledger
/// never pays twice for a trial). A replay that has spent the whole grid's tokens without finding
/// the best, or made `maxSuggestions` suggestions, gives up.
struct Replay {
    var table: Table
    /// The grid's parameters as its spec lists them (grid.yaml), every point a recorded trial.
    var grid: SearchSpace
    /// The space the sampler searches: `grid` itself, or the same names with ranges (space.yaml).
    var space: SearchSpace
    var budget: Int
    /// Over 3 times the grid: in a wider space a sampler may keep proposing trials already run, which cost nothing.
    var maxSuggestions = 600

    func run(_ method: Method, seed: UInt64) -> Outcome {
        let target = table.best * 1.01
        var history: [TrialRecord] = []
        var played: [Assignment: TrialRecord] = [:]
        var spent = 0
        var outcome = Outcome()
        let total = table.totalTokens
        let snapping = space != grid
        while history.count < maxSuggestions, outcome.tokensToBest == nil ? spent < total : spent < budget,
              let values = method.sampler.suggest(space: space, history: history, goal: .minimize, seed: seed) {
            let point = snapping ? grid.nearest(to: values, drawnFrom: space) : values
            guard let trial = table.trial(point) else { preconditionFailure("the table has no trial \(point)") }
            var record: TrialRecord
            if let earlier = played[trial.values] {
                record = earlier
            } else {
                let cost: Int
                (record, cost) = play(trial, rule: method.rule, peers: history)
                spent += cost
                played[trial.values] = record
            }
            if let value = record.value {
                if spent <= budget { outcome.bestWithinBudget = min(outcome.bestWithinBudget ?? value, value) }
                if value <= target && outcome.tokensToBest == nil { outcome.tokensToBest = spent }
            }
            // The sampler learns what it asked for, as a study is told of the trial it suggested.
            record.values = values
            history.append(record)
        }
        return outcome
    }

    /// One trial's curve, point by point, until it ends or the rule stops it; with the tokens it cost.
    private func play(_ trial: RecordedTrial, rule: (any EarlyStopRule)?, peers history: [TrialRecord]) -> (TrialRecord, Int) {
        let peers = history.map { PeerCurve(points: $0.curve, completed: $0.value != nil) }
        var curve: [CurvePoint] = []
        for point in trial.curve {
            curve.append(point)
            if let rule, point.step < trial.length, case .stop = rule.decide(curve: curve, peers: peers, goal: .minimize) {
                return (TrialRecord(values: trial.values, state: .stopped, curve: curve), trial.tokens(upTo: point.step))
            }
        }
        return (TrialRecord(values: trial.values, state: .completed(trial.final), curve: curve), trial.trainedTokens)
    }
}
