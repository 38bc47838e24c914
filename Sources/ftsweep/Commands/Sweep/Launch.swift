import ArgumentParser
import Dispatch
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

#if canImport(Glibc)
import Glibc
#endif

extension SweepCommand {
    /// `ftsweep sweep launch`.
    struct Launch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Launch every trial of a sweep that has not run yet, and rank the results.",
            discussion: """
                Registers the datasets, writes the sweep and each run to the ledger before starting it, runs up to
                max_parallel trials at once (default: the number of cores), and ends with the ranked table and the
                best model. A trial whose key already has a finished run is skipped, and said so; --force runs it
                again. Ctrl-C stops cleanly: running trials are cancelled and recorded as such.

                Examples:
                  ftsweep sweep launch experiments/sweeps/triage.yaml
                  ftsweep sweep launch spec.yaml -p batch_size=4,8 --max-parallel 1
                  ftsweep sweep launch spec.yaml --force
                """)

        @OptionGroup var sweep: SweepOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        @Option(help: ArgumentHelp("Trials to run at once (default: the spec's max_parallel, else the number of cores).", valueName: "n"))
        var maxParallel: Int?

        @Flag(help: "Wait for every trial to finish (the default for the local provider).")
        var wait = false

        func run() async throws {
            let spec = try sweep.load()
            let (plan, provider) = try await sweep.plan(spec, ledger: ledger)
            guard plan.budgetViolations.isEmpty else {
                throw CommandFailure("the plan breaks the budget: " + plan.budgetViolations.joined(separator: "; "))
            }
            // With --format json, standard output holds only the JSON; progress goes to standard error.
            let progressHandle = output.format == .json ? FileHandle.standardError : FileHandle.standardOutput
            let progress = LaunchProgressView(interactive: isatty(STDOUT_FILENO) == 1 && output.format == .table) { text in
                progressHandle.write(Data(text.utf8))
            }
            let launcher = Launcher(ledger: try ledger.openForWriting(), provider: provider) { progress.handle($0) }
            let parallel = maxParallel ?? spec.maxParallel ?? ProcessInfo.processInfo.activeProcessorCount
            let task = Task { try await launcher.launch(plan, maxParallel: parallel) }
            let interrupt = Interrupt { task.cancel() }
            let outcome = try await task.value
            interrupt.stop()
            switch output.format {
            case .json: print(try JSONOutput.render(LaunchSummary(outcome)))
            case .table: print(LaunchSummaryView(outcome, metric: spec.metric.name).render())
            }
            if outcome.cancelled { throw ExitCode(130) }
            if outcome.ran.contains(where: { $0.state != "succeeded" }) { throw ExitCode(ExitStatus.failure) }
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
