import ArgumentParser
import Ledger
import Reports

extension DataCommand {
    /// `ftsweep data ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List the datasets in the ledger, newest first.",
            discussion: """
                Examples:
                  ftsweep data ls
                  ftsweep data ls --format json | jq -r '.[].digest'
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let datasets = try ledger.openForReading().datasets()
            switch output.format {
            case .json: print(try JSONOutput.render(datasets))
            case .table: print(DatasetListView(datasets).render())
            }
        }
    }
}
