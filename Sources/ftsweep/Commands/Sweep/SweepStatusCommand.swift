import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

extension SweepCommand {
    /// `ftsweep sweep status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show a sweep: its state, its runs ranked by its metric with loss sparklines, and the best model.",
            discussion: """
                Shows what the sweep has spent against its budget: costs the jobs reported through their \
                trained tokens, and estimates for jobs that have not reported yet.

                With --watch the status is read again every --interval seconds until the sweep has stopped \
                and none of its runs is still going: on a terminal it is redrawn in place; in a pipe or a log \
                one summary line is printed each time it changes (one JSON object per line with --format json).

                Examples:
                  ftsweep sweep status triage-demo
                  ftsweep sweep status 3 --format json
                  ftsweep sweep status triage-demo --watch
                  ftsweep sweep status triage-demo --watch --interval 10 >> sweep.log
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @Flag(help: "Keep reading the status until the sweep has stopped and its runs have ended.")
        var watch = false

        @Option(help: ArgumentHelp("Seconds between reads with --watch.", valueName: "seconds"))
        var interval: Double = 2

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            guard interval > 0 else { throw ValidationError("--interval must be more than 0 seconds") }
        }

        func run() async throws {
            let ledger = try ledger.openForReading()
            func read(_ ledger: Ledger) throws -> SweepStatus {
                do { return try SweepStatus(reading: sweep, from: ledger) } catch { throw CommandFailure(error) }
            }
            guard watch else {
                let status = try read(ledger)
                switch output.format {
                case .json: print(try JSONOutput.render(status))
                case .table: print(status.view.render())
                }
                return
            }
            let terminal = isatty(STDOUT_FILENO) == 1
            var previous = ""
            while true {
                let status = try read(ledger)
                let frame: String
                switch (output.format, terminal) {
                case (.json, _): frame = try JSONOutput.line(status)
                case (.table, true): frame = "\u{1B}[H\u{1B}[J" + status.view.render()
                case (.table, false): frame = status.view.summaryLine
                }
                if frame != previous {
                    print(terminal || output.format == .json ? frame : "\(Date.now.formatted(.iso8601)) \(frame)")
                    fflush(nil)
                    previous = frame
                }
                if status.hasEnded { return }
                try await Task.sleep(for: .seconds(interval))
            }
        }
    }
}

/// `sweep status`'s JSON.
extension SweepStatus: Encodable {
    var view: SweepStatusView { SweepStatusView(sweep, runs: runs, spend: spend, budget: budget, curves: curves) }

    enum CodingKeys: String, CodingKey { case sweep, spend, budget, earlyStopping, runs }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sweep, forKey: .sweep)
        try container.encode(spend, forKey: .spend)
        try container.encode(BudgetCaps(budget), forKey: .budget)
        // Only for a sweep with stopped runs: how many, and the planned tokens and dollars never trained.
        try container.encodeIfPresent(earlyStopping, forKey: .earlyStopping)
        try container.encode(runs, forKey: .runs)
    }
}
