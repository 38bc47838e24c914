import ArgumentParser
import Datasets
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

extension SweepCommand {
    /// `ftsweep sweep resume`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Go on with a sweep after a crash, a pause, a budget or failure stop, or a daily cap.",
            discussion: """
                Reads the spec the sweep was launched with from the ledger, re-attaches to jobs still running \
                (a launcher that died left them going), adopts a job created just before a crash instead of \
                creating another, and starts the trials that never ran. A trial that succeeded is never run \
                again; one that failed or was cancelled runs again only with --retry-failed. A sweep being \
                launched by a live process is refused.

                Examples:
                  ftsweep sweep resume triage-demo
                  ftsweep sweep resume triage-demo --retry-failed --max-parallel 2
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @Flag(help: "Run again the trials whose last attempt failed or was cancelled.")
        var retryFailed = false

        @Option(help: ArgumentHelp("Trials to run at once (default: the spec's max_parallel, else the number of cores).", valueName: "n"))
        var maxParallel: Int?

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let existing = try ledger.openExisting()
            let record = try SweepLookup.find(sweep, in: existing)
            if record.state == .cancelled { throw CommandFailure(LaunchError.sweepCancelled(record.name).description) }
            let spec = try SweepOptions.storedSpec(of: record)
            if let path = record.specPath, let text = FileManager.default.contents(atPath: path),
               DatasetDigest.of(bytes: [UInt8](text)).rawValue != record.specDigest {
                FileHandle.standardError.write(Data(("warning: \(TerminalText.escape(path)) has changed since sweep \(TerminalText.escape(record.name)) "
                    + "was launched; resume runs the spec it was launched with (launch the edited spec to use it)\n").utf8))
            }
            let (plan, provider) = try await SweepOptions.plan(
                // A large grid was confirmed (run_cap or --yes) when the sweep was launched.
                spec, ledger: ledger, force: false, retryFailed: retryFailed, allowLargeGrid: true, forLaunch: true)
            if let launched = try existing.runs(RunQuery(sweep: record.name)).first,
               launched.trainingDigest != plan.training.digest.rawValue
            {
                throw CommandFailure(
                    "\(plan.training.path) has changed since sweep \(record.name) was launched (\(launched.trainingDigest), now \(plan.training.digest.rawValue)); "
                        + "restore it, or launch a new sweep", status: ExitStatus.dataError)
            }
            try await LaunchSession(ledger: ledger, format: output.format).run(plan, provider: provider, maxParallel: maxParallel)
        }
    }

    /// `ftsweep sweep pause`.
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause",
            abstract: "Stop a sweep from starting trials; its running jobs go on.",
            discussion: """
                The launcher sees the pause before its next submission, follows the jobs already running to \
                their end, and exits. 'ftsweep sweep resume SWEEP' goes on.

                Examples:
                  ftsweep sweep pause triage-demo
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let ledger = try ledger.openForWriting()
            let record = try SweepLookup.find(sweep, in: ledger)
            guard try SweepControl(ledger: ledger).pause(record) else {
                throw CommandFailure("sweep \(record.name) is \(record.state); only a running or halted sweep can be paused")
            }
            let running = try ledger.unfinishedRuns(sweep: record.id).filter { $0.jobID != nil }.count
            print("paused sweep \(record.name): no new trials start; \(running) running jobs go on. Resume with 'ftsweep sweep resume \(record.name)'")
        }
    }

    /// `ftsweep sweep cancel`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel a sweep: no new trials, and every job it still has is cancelled at the provider.",
            discussion: """
                Runs that had not finished are recorded as cancelled; what they reported stays in the ledger. \
                A cancelled sweep cannot be resumed. A sweep that already ended (finished or cancelled) is left \
                as it was, with exit status 1.

                Examples:
                  ftsweep sweep cancel triage-demo
                  ftsweep sweep cancel 3 --format json
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let ledger = try ledger.openForWriting()
            let record = try SweepLookup.find(sweep, in: ledger)
            let provider = try SweepOptions.provider(for: record, ledgerPath: self.ledger.ledgerPath)
            let (cancelled, failures): ([RunRecord], [String])
            do {
                (cancelled, failures) = try await SweepControl(ledger: ledger).cancel(record, provider: provider)
            } catch let error as SweepControlError {
                throw CommandFailure(error.description)
            }
            switch output.format {
            case .json: print(try JSONOutput.render(CancelSummary(sweep: record.name, cancelledRuns: cancelled.map(\.id), failures: failures)))
            case .table:
                print("cancelled sweep \(record.name): \(cancelled.count) unfinished runs cancelled" + (cancelled.isEmpty ? "" : " (\(cancelled.map { String($0.id) }.joined(separator: ", ")))"))
            }
            for failure in failures { StandardError.write("warning: could not cancel \(failure)") }
            if !failures.isEmpty { throw ExitCode(ExitStatus.unavailable) }
        }
    }
}

/// Finds a sweep by name or id, as a command-line error when there is none.
enum SweepLookup {
    static func find(_ key: String, in ledger: Ledger) throws -> SweepRecord {
        do { return try ledger.sweep(named: key) } catch { throw CommandFailure(error) }
    }
}

private struct CancelSummary: Encodable {
    var sweep: String
    var cancelledRuns: [Int]
    var failures: [String]
}
