import ArgumentParser
import Dispatch
import Foundation
import Ledger
import Orchestration
import Providers
import Reports
import SweepCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs a planned launch in the terminal, for `sweep launch` and `sweep resume`: live progress,
/// Ctrl-C as a clean stop, the summary, and the exit status.
struct LaunchSession {
    var ledger: LedgerOptions
    var format: OutputFormat

    func run(_ plan: SweepPlan, provider: any FineTuningProvider, maxParallel: Int?) async throws {
        if !plan.budgetViolations.isEmpty {
            StandardError.write("note: the whole plan would break the budget (\(plan.budgetViolations.joined(separator: "; "))); launching stops before a trial would cross a cap")
        }
        // With --format json, standard output holds only the JSON; progress goes to standard error.
        let progressHandle = format == .json ? FileHandle.standardError : FileHandle.standardOutput
        let progress = LaunchProgressView(interactive: isatty(STDOUT_FILENO) == 1 && format == .table) { text in
            progressHandle.write(Data(text.utf8))
        }
        let launcher = Launcher(ledger: try ledger.openForWriting(), provider: provider) { progress.handle($0) }
        let parallel = maxParallel ?? plan.spec.maxParallel ?? ProcessInfo.processInfo.activeProcessorCount
        let task = Task { try await launcher.launch(plan, maxParallel: parallel) }
        let interrupt = Interrupt { task.cancel() }
        let outcome: LaunchOutcome
        do { outcome = try await task.value } catch let error as LaunchError { throw CommandFailure(error.description) }
        interrupt.stop()
        switch format {
        case .json: print(try JSONOutput.render(LaunchSummary(outcome)))
        case .table: print(LaunchSummaryView(outcome, metric: plan.spec.metric.name).render())
        }
        if outcome.cancelled { throw ExitCode(130) }
        // A pause is the user's choice, not a failure; every other early stop is, and so is a trial
        // without a result (failed, or cancelled from another shell): a script reads 0 as "all trained".
        let stoppedEarly = outcome.haltedReason != nil && outcome.sweep.state != .paused
        if stoppedEarly || outcome.ran.contains(where: { ![.succeeded, .stopped].contains($0.state) }) {
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// Turns Ctrl-C into a call, for a clean stop, instead of killing the process mid-write.
final class Interrupt {
    private let source: any DispatchSourceSignal

    init(_ handler: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            StandardError.write("interrupted: cancelling running trials…")
            handler()
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
