import ArgumentParser
import Foundation
import Ledger
import Reports

/// `ftsweep ledger`: the SQLite file itself.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the ledger file.",
        subcommands: [Info.self, Check.self, Upgrade.self])

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
            let info = try ledger.openForReading().info()
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
                Prints 'ok' and exits 0 when the file is sound; otherwise prints each problem, and how SQLite's \
                '.recover' saves what is readable, and exits 1. The file is opened read-only and never changed.

                Examples:
                  ftsweep ledger check
                """)

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let path = ledger.ledgerPath
            let problems: [String]
            do throws(LedgerError) { problems = try Ledger.openForReading(at: path).integrityProblems() } catch {
                switch error {
                case let .damaged(_, detail): problems = ["the file is damaged: \(detail)"]
                case .sqlite(_, let message, _): problems = ["SQLite cannot check the file: \(message)"]
                default: throw CommandFailure(error)
                }
            }
            guard !problems.isEmpty else { return print("ok") }
            print(problems.joined(separator: "\n"))
            print("to save what is readable into a new ledger: sqlite3 \(path) .recover | sqlite3 recovered.sqlite")
            throw ExitCode(ExitStatus.failure)
        }
    }

    /// `ftsweep ledger upgrade`.
    struct Upgrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upgrade",
            abstract: "Upgrade the ledger's schema to this ftsweep's, in place, keeping every row.",
            discussion: """
                Commands that only read never change the ledger, so they refuse an older schema; this command, and \
                any command that records something, upgrades it.

                Examples:
                  ftsweep ledger upgrade
                """)

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let version = try ledger.openExisting().schemaVersion
            print("\(ledger.ledgerPath): schema version \(version)")
        }
    }
}
