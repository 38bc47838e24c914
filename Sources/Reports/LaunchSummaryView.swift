import Ledger
import Orchestration
import SweepCore

/// The end of a launch: what ran, what was skipped, the ranked table and the best model.
public struct LaunchSummaryView {
    public var outcome: LaunchOutcome
    public var metric: String

    public init(_ outcome: LaunchOutcome, metric: String) {
        self.outcome = outcome
        self.metric = metric
    }

    public func render() -> String {
        var lines: [String] = []
        let stopped = outcome.ran.filter { $0.state == .stopped }
        let failed = outcome.ran.filter { ![.succeeded, .stopped].contains($0.state) }
        let notRetried = outcome.skipped.filter { $0.existingState != .succeeded }.count
        lines.append("sweep \(outcome.sweep.name): \(outcome.ran.count) ran, \(outcome.skipped.count) skipped (already finished), "
            + (stopped.isEmpty ? "" : "\(stopped.count) stopped early, ") + "\(failed.count) not succeeded")
        if let savings = EarlyStopSavings(outcome.ran) { lines.append(savings.line) }
        if notRetried > 0 {
            lines.append("\(notRetried.counted("trial")) not retried: failed or cancelled before (use --retry-failed to run \(notRetried == 1 ? "it" : "them") again)")
        } else if outcome.ran.isEmpty && !outcome.skipped.isEmpty {
            lines.append("nothing new to run: every trial's key already has a finished run (use --force to run them again)")
        }
        lines.append("")
        lines.append(RunTableView(outcome.ranked, metric: metric).render())
        if let best = outcome.ranked.first {
            lines.append("")
            lines.append("best: run \(best.id), \(best.fineTunedModel ?? "-") (\(metric) \(best.metric(metric).map { Formatting.fixed($0, 4) } ?? "-"))")
        }
        if outcome.cancelled { lines.append("cancelled: running trials were stopped and recorded as cancelled") }
        if let reason = outcome.haltedReason {
            lines.append("launching stopped: \(reason)")
            lines.append("the sweep's state is kept; 'ftsweep sweep resume \(outcome.sweep.name)' runs the rest")
        }
        return lines.joined(separator: "\n")
    }
}

/// The launch for `--format json`.
public struct LaunchSummary: Encodable {
    var sweep: String
    var ran: [RunRecord]
    var skippedTrialKeys: [String]
    var ranked: [RunRecord]
    var best: RunRecord?
    var cancelled: Bool
    var haltedReason: String?

    public init(_ outcome: LaunchOutcome) {
        haltedReason = outcome.haltedReason
        sweep = outcome.sweep.name
        ran = outcome.ran
        skippedTrialKeys = outcome.skipped.map(\.trial.key.rawValue)
        ranked = outcome.ranked
        best = outcome.ranked.first
        cancelled = outcome.cancelled
    }
}
