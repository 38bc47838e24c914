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

/// The outcome of `best`: the winner, and the runs left out because they were measured on other data.
public struct BestChoice: Sendable, Equatable {
    public var candidate: BestCandidate
    public var metric: String
    /// The better-ranked run on other data that was left out (`acrossData` keeps it in), if any.
    public var outrankedOnOtherData: RunRecord?
}

/// Why `best` would not name a winner.
public enum RankingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Runs succeeded, but none has the metric: naming one would be a guess.
    case noRunHasMetric(metric: String, sweep: String?)

    public var description: String {
        switch self {
        case let .noRunHasMetric(metric, sweep):
            let scope = sweep.map { "sweep \($0)" } ?? "the ledger"
            let hint = if Metric(named: metric)?.isScoredOnValidation == true {
                " (models are scored on the validation file as their runs succeed; 'ftsweep collect' scores those that were not)"
            } else {
                Metric(named: metric)?.isOnValidation ?? metric.contains("valid") ? " (validation metrics need a validation_file)" : ""
            }
            return "no succeeded run of \(scope) has \(metric)\(hint); rank by a metric the runs have, e.g. --metric \(Metric.finalTrainLoss.name)"
        }
    }
}

/// Picks the best succeeded run by a metric, letting checkpoints compete when asked.
public struct Ranking {
    let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// A checkpoint's figure for a ranking metric, under any of the catalogue's checkpoint keys.
    static func checkpointValue(_ candidate: CheckpointCandidate, _ metric: String) -> Double? {
        Metric(named: metric)?.checkpointKeys.lazy.compactMap { candidate.metrics[$0] }.first
    }

    /// The sweep's `count` best succeeded runs by its own metric, best first.
    public func top(sweep: String, count: Int) throws -> [RunRecord] {
        let record = try ledger.sweep(named: sweep)
        return try ledger.runs(RunQuery(sweep: sweep, sortMetric: record.metric, descending: record.goal == .maximize, states: [.succeeded], limit: count))
    }

    /// The best candidate of a sweep (or of every run), or nil when no run has succeeded.
    /// `metric` defaults to the sweep's, else `full_valid_loss`. Figures on different data are not
    /// comparable, so unless `acrossData`, only runs on the newest succeeded run's data compete.
    public func best(sweep: String?, metric chosen: String?, includeCheckpoints: Bool, acrossData: Bool = false) throws -> BestChoice? {
        var metric = MetricSpec.default.name, goal = MetricSpec.default.goal
        if let sweep {
            let record = try ledger.sweep(named: sweep)
            metric = record.metric
            goal = record.goal
        }
        if let chosen {
            metric = chosen
            goal = MetricSpec.known[chosen] ?? .minimize
        }
        // Runs without the metric sort last, so the first run is the best one (read from the ranking index).
        let query = RunQuery(sweep: sweep, sortMetric: metric, descending: goal == .maximize, states: [.succeeded], limit: 1)
        guard let overall = try ledger.runs(query).first else { return nil }
        guard overall.metric(metric) != nil else { throw RankingError.noRunHasMetric(metric: metric, sweep: sweep) }
        var best = overall
        var outranked: RunRecord?
        let newest = try newestSucceeded(sweep: sweep)
        if !acrossData, let newest, !Self.sameData(overall, newest, metric), let data = Self.dataFilter(for: metric, like: newest) {
            var within = query
            within.filter = data
            guard let run = try ledger.runs(within).first, run.metric(metric) != nil else {
                throw RankingError.noRunHasMetric(metric: metric, sweep: sweep)
            }
            (best, outranked) = (run, overall)
        }
        guard includeCheckpoints, Metric(named: metric)?.checkpointKeys.isEmpty == false, let bar = best.metric(metric) else {
            return BestChoice(candidate: .run(best), metric: metric, outrankedOnOtherData: outranked)
        }
        func better(_ a: Double, _ b: Double) -> Bool { goal == .maximize ? a > b : a < b }
        let winner = try ledger.checkpointCandidates(sweep: sweep)
            .filter { candidate in outranked == nil || candidate.runID == best.id || (try? ledger.run(candidate.runID)).map { Self.sameData($0, best, metric) } == true }
            .compactMap { candidate in Self.checkpointValue(candidate, metric).map { (candidate, $0) } }
            .min { better($0.1, $1.1) }
        guard let (checkpoint, value) = winner, better(value, bar) else {
            return BestChoice(candidate: .run(best), metric: metric, outrankedOnOtherData: outranked)
        }
        return BestChoice(candidate: .checkpoint(checkpoint, of: try ledger.run(checkpoint.runID)), metric: metric, outrankedOnOtherData: outranked)
    }

    private func newestSucceeded(sweep: String?) throws -> RunRecord? {
        try ledger.runs(RunQuery(sweep: sweep, sortMetric: "id", descending: true, states: [.succeeded], limit: 1)).first
    }

    /// The digest of the data a metric is measured on: the validation file for validation figures,
    /// else the training file.
    public static func dataDigest(_ run: RunRecord, _ metric: String) -> String? {
        let digest = isOnValidation(metric) ? run.validationDigest : run.trainingDigest
        return digest?.isEmpty == false ? digest : nil
    }

    /// Whether a metric is measured on the validation file: the catalogue says, and `valid_loss:last5` names its series.
    private static func isOnValidation(_ metric: String) -> Bool { Metric(named: metric)?.isOnValidation ?? metric.contains("valid") }

    /// Whether two runs' figures for `metric` were measured on the same file.
    public static func sameData(_ a: RunRecord, _ b: RunRecord, _ metric: String) -> Bool { dataDigest(a, metric) == dataDigest(b, metric) }

    /// A filter for runs measured on the same data as `newest` (none for evaluations, which name their test set).
    private static func dataFilter(for metric: String, like newest: RunRecord?) -> RunFilter? {
        guard let newest, !metric.hasPrefix("eval.") else { return nil }
        let field = isOnValidation(metric) ? "validation" : "training"
        return dataDigest(newest, metric).map { .compare(field: field, op: .equal, value: .text($0), column: 0) }
            ?? .isNull(field: field, negated: false, column: 0)
    }
}
