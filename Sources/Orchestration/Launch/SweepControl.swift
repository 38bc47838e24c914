import Ledger
import Providers
import SweepCore

/// Pauses and cancels sweeps and runs from any process. The ledger carries the request: a launcher
/// reads its sweep's state before each submission and while it polls.
public struct SweepControl {
    private let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Stops new launches; running jobs go on. Returns false when the sweep had already ended.
    public func pause(_ sweep: SweepRecord) throws -> Bool {
        try ledger.setSweepState(sweep.id, .paused, reason: "paused by the user", onlyFrom: [.running, .halted, .paused])
    }

    /// Marks the sweep cancelled, then cancels every job it still has at the provider and records
    /// each run as cancelled. Returns the runs it cancelled; a job the provider would not cancel is
    /// reported in `failures` and its run left for `collect`.
    /// A sweep that already ended (finished or cancelled) is left as it was: `alreadyEnded`.
    public func cancel(_ sweep: SweepRecord, provider: any FineTuningProvider) async throws -> (cancelled: [RunRecord], failures: [String]) {
        guard try ledger.setSweepState(sweep.id, .cancelled, reason: "cancelled by the user", onlyFrom: [.running, .paused, .halted]) else {
            throw SweepControlError.alreadyEnded(sweep: sweep.name, state: try ledger.sweepState(sweep.id).state)
        }
        var cancelled: [RunRecord] = []
        var failures: [String] = []
        for run in try ledger.unfinishedRuns(sweep: sweep.id) {
            do {
                try await cancel(run, provider: provider)
                cancelled.append(try ledger.run(run.id))
            } catch {
                failures.append("run \(run.id): \(error)")
            }
        }
        return (cancelled, failures)
    }

    /// Cancels one run's job at the provider (when it has one) and records the run as cancelled.
    public func cancel(_ run: RunRecord, provider: any FineTuningProvider) async throws {
        if let job = run.jobID {
            let snapshot = try await provider.cancel(JobID(job))
            // A job that ended before the cancel arrived keeps its real outcome for `collect` to record.
            if snapshot.status.isTerminal && snapshot.status != .cancelled { return }
        }
        try ledger.finishRun(run.id, RunOutcome(state: .cancelled, errorCode: RunState.cancelled.description, errorMessage: "cancelled by the user"))
    }
}

/// Why a sweep could not be controlled.
public enum SweepControlError: Error, Equatable, Sendable, CustomStringConvertible {
    case alreadyEnded(sweep: String, state: SweepState)

    public var description: String {
        switch self {
        case let .alreadyEnded(sweep, state): "sweep \(sweep) has already ended (\(state)); nothing to cancel"
        }
    }
}
