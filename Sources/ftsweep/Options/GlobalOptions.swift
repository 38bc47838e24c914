import ArgumentParser
import Foundation
import Ledger

/// Options every command that touches the ledger shares.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file (default: $FTSWEEP_LEDGER, else .ftsweep/ledger.sqlite).", valueName: "path"))
    var ledger: String?

    var ledgerPath: String {
        Ledger.location(explicit: ledger, environment: ProcessInfo.processInfo.environment)
    }

    /// The ledger for reading; a missing one is a plain error.
    func openExisting() throws -> Ledger {
        do { return try Ledger.openExisting(at: ledgerPath) } catch { throw CommandFailure(error) }
    }

    /// The ledger for writing, made on first use.
    func openForWriting() throws -> Ledger {
        do { return try Ledger.openOrCreate(at: ledgerPath) } catch { throw CommandFailure(error) }
    }
}

/// How a command prints data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

/// The `--format` option.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table
}
