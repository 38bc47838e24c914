import ArgumentParser
import Ledger
import Reports

/// `ftsweep ledger`: the SQLite file itself.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the ledger file.",
        subcommands: [Info.self, Check.self])

    /// `ftsweep ledger info`.
    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Print the ledger's path, schema version and row counts.",
            discussion: """
                Examples:
                  ftsweep ledger info
                  FTSWEEP_LEDGER=/tmp/l.sqlite ftsweep ledger info --format json
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let info = try ledger.openExisting().info()
            switch output.format {
            case .json: print(try JSONOutput.render(info))
            case .table: print(LedgerInfoView(info).render())
            }
        }
    }

    /// `ftsweep ledger check`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the ledger file: SQLite's integrity check and every foreign key.",
            discussion: """
                Prints 'ok' and exits 0 when the file is sound; otherwise prints each problem and exits 1.

                Examples:
                  ftsweep ledger check
                """)

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let problems = try ledger.openExisting().integrityProblems()
            print(problems.isEmpty ? "ok" : problems.joined(separator: "\n"))
            if !problems.isEmpty { throw ExitCode(ExitStatus.failure) }
        }
    }
}
