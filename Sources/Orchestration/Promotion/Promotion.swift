import Foundation
import Ledger

/// Why a promotion or rollback was refused.
public enum PromotionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noModel(run: Int, state: String)
    case notBetter(candidate: String, holder: String, metric: String, candidateValue: Double?, holderValue: Double?)
    case nothingToRollBack(alias: String)

    public var description: String {
        switch self {
        case let .noModel(run, state): "run \(run) has no fine-tuned model (it is \(state))"
        case let .notBetter(candidate, holder, metric, candidateValue, holderValue):
            "\(candidate) (\(metric) \(Self.text(candidateValue))) is not better than the current holder \(holder) (\(Self.text(holderValue))); nothing changed"
        case let .nothingToRollBack(alias): "alias \(alias) has no earlier holder to roll back to"
        }
    }

    private static func text(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "unknown" }
}

/// Points aliases at models: the deploy-facing end of a sweep. History is append-only.
public struct Promotion {
    let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// Promotes a run's model (or a model id) to `alias`. With `requireBetter`, refuses unless the
    /// candidate beats the current holder on the candidate's sweep metric.
    public func promote(run: RunRecord?, model: String, alias: String, reason: String?, requireBetter: Bool) throws -> AliasRecord {
        if requireBetter, let holder = try ledger.alias(alias) {
            let holderRun = try holder.runID.map { try ledger.run($0) } ?? ledger.run(producing: holder.modelID)
            let sweep = try run?.sweepName.map { try ledger.sweep(named: $0) }
            let metric = sweep?.metric ?? "full_valid_loss"
            let maximize = sweep?.goal == "maximize"
            let candidateValue = run?.metric(metric), holderValue = holderRun?.metric(metric)
            guard let candidateValue, let holderValue, maximize ? candidateValue > holderValue : candidateValue < holderValue else {
                throw PromotionError.notBetter(candidate: model, holder: holder.modelID, metric: metric, candidateValue: candidateValue, holderValue: holderValue)
            }
        }
        return try ledger.setAlias(alias, model: model, run: run?.id, reason: reason)
    }

    /// Points the alias back at the holder before the current one (a new history entry).
    public func rollback(alias: String) throws -> AliasRecord {
        let history = try ledger.aliasHistory(alias)
        guard history.count >= 2 else { throw PromotionError.nothingToRollBack(alias: alias) }
        let previous = history[history.count - 2]
        return try ledger.setAlias(alias, model: previous.modelID, run: previous.runID, reason: "rollback from \(history[history.count - 1].modelID)")
    }
}
