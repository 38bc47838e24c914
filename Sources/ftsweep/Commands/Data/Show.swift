import ArgumentParser
import Ledger
import Reports

extension DataCommand {
    /// `ftsweep data show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one dataset: digest, counts and every path it was seen at.",
            discussion: """
                Examples:
                  ftsweep data show 6dfca047
                  ftsweep data show support-v1 --format json
                """)

        @Argument(help: ArgumentHelp("A digest prefix (with or without sha256:) or a dataset name.", valueName: "digest|name"))
        var key: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let dataset: DatasetRecord
            do {
                dataset = try ledger.openForReading().dataset(matching: key)
            } catch let error as LedgerError {
                throw CommandFailure(error)
            }
            switch output.format {
            case .json: print(try JSONOutput.render(dataset))
            case .table: print(DatasetDetailView(dataset).render())
            }
        }
    }
}
