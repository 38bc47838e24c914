import Ledger
import SweepCore

/// Holds a sweep to its budget before each submission: what its jobs have cost (reported where known,
/// estimated where not), plus submissions under way, plus the next trial's estimate.
public struct BudgetGate: Sendable {
    public var budget: Budget

    public init(budget: Budget) {
        self.budget = budget
    }

    /// Why submitting `next` would break a cap, or nil when it fits.
    public func refusal(spent: SweepSpend, reserved: [PlannedTrial], next: PlannedTrial) -> String? {
        let reservedCost = reserved.reduce(Int64(0)) { $0 + $1.cost.nanos }
        let reservedTokens = reserved.reduce(0) { $0 + $1.billedTokens }
        if let cap = budget.maxCost, spent.costNanos + reservedCost + next.cost.nanos > cap.nanos {
            let committed = USD(nanos: spent.costNanos + reservedCost)
            return "budget: max_cost_usd \(cap) would be crossed: \(committed) committed (\(USD(nanos: spent.reportedCostNanos)) reported) "
                + "and the next trial is estimated at \(next.cost)"
        }
        if let cap = budget.maxTrainedTokens, spent.tokens + reservedTokens + next.billedTokens > cap {
            return "budget: max_trained_tokens \(cap) would be crossed: \(spent.tokens + reservedTokens) tokens committed "
                + "and the next trial is estimated at \(next.billedTokens)"
        }
        if let cap = budget.maxJobs, spent.jobs + reserved.count + 1 > cap {
            return "budget: max_jobs \(cap) reached"
        }
        return nil
    }
}

/// Stops launching when a sweep fails everywhere: too many failures, or too many in a row.
public struct FailureBreaker: Sendable {
    public var policy: FailurePolicy
    public private(set) var failed: Int
    public private(set) var streak = 0

    public init(policy: FailurePolicy, failedBefore: Int) {
        self.policy = policy
        self.failed = failedBefore
    }

    /// Counts a finished run; returns why launching must stop, when it must.
    public mutating func record(state: RunState, error: String?) -> String? {
        switch state {
        case .failed:
            failed += 1
            streak += 1
        case .succeeded: streak = 0
        default: return nil
        }
        let last = error.map { "; the last error: \($0)" } ?? ""
        if let cap = policy.maxFailed, failed >= cap { return "stopped: \(failed.counted("trial")) failed (max_failed \(cap))\(last)" }
        if let cap = policy.maxConsecutiveFailures, streak >= cap {
            return "stopped: \(streak.counted("trial")) failed in a row (max_consecutive_failures \(cap))\(last)"
        }
        return nil
    }
}
