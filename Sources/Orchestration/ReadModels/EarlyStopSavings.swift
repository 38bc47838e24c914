import Ledger
import SweepCore

/// What early stopping saved a sweep: its stopped runs, and the planned tokens (and dollars) they
/// never trained. Nil for a sweep with no stopped run.
public struct EarlyStopSavings: Sendable, Equatable, Encodable {
    public var stoppedRuns: Int
    public var savedTokens: Int
    public var savedUSD: USD

    public init?(_ runs: [RunRecord]) {
        let stopped = runs.filter { $0.state == .stopped }
        guard !stopped.isEmpty else { return nil }
        stoppedRuns = stopped.count
        var tokens = 0, nanos: Int64 = 0
        for run in stopped {
            guard let planned = run.estimatedTokens, planned > 0 else { continue }
            let unused = max(0, planned - (run.trainedTokens ?? 0))
            tokens += unused
            nanos += Int64((Double(run.estimatedCostNanos ?? 0) * Double(unused) / Double(planned)).rounded())
        }
        savedTokens = tokens
        savedUSD = USD(nanos: nanos)
    }
}
