import ArgumentParser
import Ledger
import Reports

/// `ftsweep runs`.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Query the runs in the ledger.",
        subcommands: [List.self])

    /// `ftsweep runs ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List runs, optionally of one sweep, sorted by a metric.",
            discussion: """
                Sort keys: \(RunQuery.sortColumns.keys.sorted().joined(separator: ", ")); a leading - sorts descending.
                Runs without the metric come last; ties go to the older run.

                Examples:
                  ftsweep runs ls --sweep triage-demo --sort full_valid_loss --limit 5
                  ftsweep runs ls --sort -full_valid_accuracy --format csv > runs.csv
                """)

        @Option(help: ArgumentHelp("Only runs of this sweep (name or id).", valueName: "sweep"))
        var sweep: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("The metric or column to sort by; prefix - for descending.", valueName: "metric"))
        var sort: String?

        @Option(help: ArgumentHelp("At most this many runs.", valueName: "n"))
        var limit: Int?

        @Option(help: "Output format: table, json or csv.")
        var format: RunFormat = .table

        @OptionGroup var ledger: LedgerOptions

        func validate() throws {
            if let sort, RunQuery.sortColumns[sort.hasPrefix("-") ? String(sort.dropFirst()) : sort] == nil {
                throw ValidationError("unknown sort key '\(sort)'; expected one of \(RunQuery.sortColumns.keys.sorted().joined(separator: ", "))")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let descending = sort?.hasPrefix("-") ?? false
            let metric = sort.map { descending ? String($0.dropFirst()) : $0 }
            let runs = try ledger.openExisting().runs(RunQuery(sweep: sweep, sortMetric: metric, descending: descending, limit: limit))
            switch format {
            case .table: print(RunTableView(runs, metric: metric ?? "full_valid_loss").render())
            case .json: print(try JSONOutput.render(runs))
            case .csv: print(RunTableView(runs).csv(), terminator: "")
            }
        }
    }
}

/// How `runs ls` prints.
enum RunFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
