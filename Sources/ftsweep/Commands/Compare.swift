import ArgumentParser
import Ledger
import Reports

/// `ftsweep compare`.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show runs side by side, with * before each field that differs.",
        discussion: """
            Examples:
              ftsweep compare 14 16
              ftsweep compare 2 6 14 --format json
            """)

    @Argument(help: ArgumentHelp("Two or more run ids.", valueName: "run"))
    var runs: [Int]

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard runs.count >= 2 else { throw ValidationError("give at least two runs to compare") }
    }

    func run() async throws {
        let ledger = try ledger.openExisting()
        let records: [RunRecord]
        do { records = try runs.map { id throws(LedgerError) in try ledger.run(id) } } catch { throw CommandFailure(error) }
        let view = RunComparisonView(records)
        switch output.format {
        case .json: print(try JSONOutput.render(Comparison(runs: records, differing: view.differing)))
        case .table: print(view.render())
        }
    }
}

private struct Comparison: Encodable {
    var runs: [RunRecord]
    var differing: [String]
}
