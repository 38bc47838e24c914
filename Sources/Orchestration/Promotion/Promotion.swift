import Foundation
import Ledger
import SweepCore

/// Why a promotion or rollback was refused.
public enum PromotionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noModel(run: Int, state: RunState)
    case notBetter(candidate: String, holder: String, metric: String, candidateValue: Double?, holderValue: Double?)
    case nothingToRollBack(alias: String)
    case unknownMetric(String)
    case noCommonEvaluation(candidate: String, holder: String)

    public var description: String {
        switch self {
        case let .noModel(run, state): "run \(run) has no fine-tuned model (it is \(state))"
        case let .notBetter(candidate, holder, metric, candidateValue, holderValue):
            "\(candidate) (\(metric) \(Self.text(candidateValue))) is not better than the current holder \(holder) (\(Self.text(holderValue))); nothing changed"
        case let .nothingToRollBack(alias): "alias \(alias) has no earlier holder to roll back to"
        case let .unknownMetric(name):
            "unknown metric '\(name)'; expected a run metric (\(MetricSpec.known.keys.sorted().joined(separator: ", "))) or \(RunQuery.evaluationKeys.joined(separator: ", "))"
        case let .noCommonEvaluation(candidate, holder):
            "\(candidate) and the current holder \(holder) have no evaluation on the same test set; run `ftsweep eval \(candidate) \(holder) --test FILE` first"
        }
    }

    private static func text(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "unknown" }
}

/// Points aliases at models: the deploy-facing end of a sweep. History is append-only.
public struct Promotion {
    let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// Promotes a run's model (or a model id) to `alias`. With `requireBetter`, refuses unless the
    /// candidate beats the current holder on `metric`: by default the candidate's sweep metric; an
    /// `eval.NAME` compares the two models' evaluations on the newest test set both were scored on.
    /// The comparison and the new entry are one transaction, so two promotions at once cannot both
    /// pass against the same holder.
    public func promote(run: RunRecord?, model: String, alias: String, reason: String?, requireBetter: Bool, metric chosen: String? = nil) throws -> AliasRecord {
        if let chosen, MetricSpec.known[chosen] == nil, !RunQuery.evaluationKeys.contains(chosen) { throw PromotionError.unknownMetric(chosen) }
        return try ledger.transaction {
            if requireBetter { try checkBetter(run: run, model: model, alias: alias, metric: chosen) }
            return try ledger.setAlias(alias, model: model, run: run?.id, reason: reason)
        }
    }

    /// Throws `notBetter` unless the candidate beats the alias's current holder (any candidate beats no holder).
    private func checkBetter(run: RunRecord?, model: String, alias: String, metric chosen: String?) throws {
        if let holder = try ledger.alias(alias) {
            let (metric, candidateValue, holderValue, maximize): (String, Double?, Double?, Bool)
            if let chosen, chosen.hasPrefix("eval.") {
                let name = String(chosen.dropFirst("eval.".count))
                let holderEvaluations = Dictionary(try ledger.evaluations(models: [holder.modelID]).map { ($0.testDigest, $0) }) { newer, _ in newer }
                guard let (candidate, held) = try ledger.evaluations(models: [model]).lazy
                    .compactMap({ candidate in holderEvaluations[candidate.testDigest].map { (candidate, $0) } }).first
                else { throw PromotionError.noCommonEvaluation(candidate: model, holder: holder.modelID) }
                (metric, candidateValue, holderValue, maximize) = ("\(chosen) on \(candidate.testPath)", candidate.metric(name), held.metric(name), true)
            } else {
                let holderRun = try holder.runID.map { try ledger.run($0) } ?? ledger.run(producing: holder.modelID)
                let sweep = try run?.sweepName.map { try ledger.sweep(named: $0) }
                metric = chosen ?? sweep?.metric ?? MetricSpec.default.name
                maximize = chosen.flatMap { MetricSpec.known[$0] }.map { $0 == .maximize } ?? (sweep?.goal == .maximize)
                (candidateValue, holderValue) = (run?.metric(metric), holderRun?.metric(metric))
            }
            guard let candidateValue, let holderValue, maximize ? candidateValue > holderValue : candidateValue < holderValue else {
                throw PromotionError.notBetter(candidate: model, holder: holder.modelID, metric: metric, candidateValue: candidateValue, holderValue: holderValue)
            }
        }
    }

    /// Points the alias back at the holder before the current one (a new history entry). Rollbacks step
    /// back through the history: rolling back twice after promoting A, B, C leaves A, never B again.
    public func rollback(alias: String) throws -> AliasRecord {
        let holders = Self.holders(try ledger.aliasHistory(alias))
        guard holders.count >= 2 else { throw PromotionError.nothingToRollBack(alias: alias) }
        let current = holders[holders.count - 1], previous = holders[holders.count - 2]
        return try ledger.setAlias(
            alias, model: previous.modelID, run: previous.runID, reason: "rollback from \(current.modelID)", rollbackOf: current.id)
    }

    /// The holders a rollback can return to, oldest first: each promotion pushes its entry and each
    /// rollback pops the one it undid (entries from before v5 are known by their reason).
    static func holders(_ history: [AliasRecord]) -> [AliasRecord] {
        var stack: [AliasRecord] = []
        for entry in history {
            if entry.rollbackOf != nil || (entry.reason?.hasPrefix("rollback from ") ?? false) {
                if !stack.isEmpty { stack.removeLast() }
            } else {
                stack.append(entry)
            }
        }
        return stack
    }
}
