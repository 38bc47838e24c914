import ArgumentParser
import Ledger
import Reports
import SweepCore

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
            commandName: "status",
            abstract: "Show a sweep: its state, its runs ranked by its metric, and the best model.",
            discussion: """
                Examples:
                  ftsweep sweep status triage-demo
                  ftsweep sweep status 3 --format json

                Shows what the sweep has spent against its budget: costs the jobs reported through their
                trained tokens, and estimates for jobs that have not reported yet.
                """)

        @Argument(help: ArgumentHelp("The sweep's name or id.", valueName: "sweep"))
        var sweep: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let ledger = try ledger.openExisting()
            let record = try SweepLookup.find(sweep, in: ledger)
            let runs = try ledger.runs(RunQuery(sweep: record.name, sortMetric: record.metric, descending: record.goal == "maximize"))
            let spend = try ledger.spend(sweep: record.id)
            let budget = (try? SweepOptions.storedSpec(of: record).budget) ?? Budget()
            switch output.format {
            case .json: print(try JSONOutput.render(SweepStatus(sweep: record, spend: spend, budget: BudgetCaps(budget), runs: runs)))
            case .table: print(SweepStatusView(record, runs: runs, spend: spend, budget: budget).render())
            }
        }
    }
}

private struct SweepStatus: Encodable {
    var sweep: SweepRecord
    var spend: SweepSpend
    var budget: BudgetCaps
    var runs: [RunRecord]
}

/// The spec's caps, in the spec's own units, for JSON.
private struct BudgetCaps: Encodable {
    var maxCostUSD: Double?
    var maxTrainedTokens: Int?
    var maxJobs: Int?

    init(_ budget: Budget) {
        maxCostUSD = budget.maxCost?.dollars
        maxTrainedTokens = budget.maxTrainedTokens
        maxJobs = budget.maxJobs
    }
}
