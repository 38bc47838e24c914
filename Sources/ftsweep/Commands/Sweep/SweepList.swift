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
            let ledger = try ledger.openForReading()
            let sweeps = try ledger.sweeps()
            let runs = try ledger.runs(RunQuery())
            switch output.format {
            case .json: print(try JSONOutput.render(sweeps))
            case .table: print(SweepListView(sweeps, runs: runs).render())
            }
        }
    }
}

/// The spec's caps, in the spec's own units, for JSON.
struct BudgetCaps: Encodable {
    var maxCostUSD: Double?
    var maxTrainedTokens: Int?
    var maxJobs: Int?

    init(_ budget: Budget) {
        maxCostUSD = budget.maxCost?.dollars
        maxTrainedTokens = budget.maxTrainedTokens
        maxJobs = budget.maxJobs
    }
}
