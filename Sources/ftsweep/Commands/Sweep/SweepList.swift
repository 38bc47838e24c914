import ArgumentParser
import Ledger
import Reports

extension SweepCommand {
    /// `ftsweep sweep ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List sweeps, newest first, with their runs by state.",
            discussion: """
                Examples:
                  ftsweep sweep ls
                  ftsweep sweep ls --format json
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let ledger = try ledger.openExisting()
            let sweeps = try ledger.sweeps()
            let runs = try ledger.runs(RunQuery())
            switch output.format {
            case .json: print(try JSONOutput.render(sweeps))
            case .table: print(SweepListView(sweeps, runs: runs).render())
            }
        }
    }

    /// `ftsweep sweep status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a sweep: its state, its runs ranked by its metric, and the best model.",
            discussion: """
                Examples:
                  ftsweep sweep status triage-demo
                  ftsweep sweep status 3 --format json
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let ledger = try ledger.openExisting()
            let record: SweepRecord
            do { record = try ledger.sweep(named: sweep) } catch { throw CommandFailure(error) }
            let runs = try ledger.runs(RunQuery(sweep: record.name, sortMetric: record.metric, descending: record.goal == "maximize"))
            switch output.format {
            case .json: print(try JSONOutput.render(SweepStatus(sweep: record, runs: runs)))
            case .table: print(SweepStatusView(record, runs: runs).render())
            }
        }
    }
}

private struct SweepStatus: Encodable {
    var sweep: SweepRecord
    var runs: [RunRecord]
}
