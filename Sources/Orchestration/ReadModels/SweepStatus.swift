import Ledger
import SweepCore

/// What `sweep status` shows of one sweep: its record, spend and budget, and its runs ranked by its
/// metric, each with a sample of its training-loss curve.
public struct SweepStatus: Sendable {
    public var sweep: SweepRecord
    public var spend: SweepSpend
    /// The stored spec's caps; none when that spec no longer parses.
    public var budget: Budget
    /// Ranked by the sweep's metric and goal; runs without the metric last.
    public var runs: [RunRecord]
    /// Training-loss samples by run id.
    public var curves: [Int: [Double]]

    /// Reads the sweep named `key` (name or id), each run's curve sampled at `curvePoints` points.
    public init(reading key: String, from ledger: Ledger, curvePoints: Int = 32) throws(LedgerError) {
        sweep = try ledger.sweep(named: key)
        spend = try ledger.spend(sweep: sweep.id)
        budget = (try? sweep.storedSpec().budget) ?? Budget()
        runs = try ledger.runs(RunQuery(sweep: sweep.name, sortMetric: sweep.metric, descending: sweep.goal == .maximize))
        curves = [:]
        for run in runs { curves[run.id] = try ledger.trainLossCurve(run: run.id, points: curvePoints) }
    }

    /// The sweep is no longer launching and every run has ended.
    public var hasEnded: Bool {
        sweep.state != .running && runs.allSatisfy(\.hasEnded)
    }

    /// Its stopped runs and what they never trained; nil when none stopped.
    public var earlyStopping: EarlyStopSavings? { EarlyStopSavings(runs) }
}
