import ArgumentParser
import Foundation
import Ledger

/// Options every command that touches the ledger shares.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file (default: $FTSWEEP_LEDGER, else .ftsweep/ledger.sqlite).", valueName: "path"), completion: .file())
    var ledger: String?

    var ledgerPath: String {
        Ledger.location(explicit: ledger, environment: ProcessInfo.processInfo.environment)
    }

    /// Whether a ledger file with content is there (an empty file is none).
    var hasLedger: Bool {
        ((try? FileManager.default.attributesOfItem(atPath: ledgerPath))?[.size] as? Int ?? 0) > 0
    }

    /// The ledger for a command that only reads: opened read-only, never made or upgraded.
    func openForReading() throws -> Ledger {
        do { return try Ledger.openForReading(at: ledgerPath) } catch { throw CommandFailure(error) }
    }

    /// The ledger read-only when there is one, else nil: for commands that also work without it.
    func openForReadingIfPresent() throws -> Ledger? {
        do throws(LedgerError) { return try Ledger.openForReading(at: ledgerPath) } catch .missing { return nil } catch { throw CommandFailure(error) }
    }

    /// An existing ledger for a command that records something; a missing one is a plain error.
    func openExisting() throws -> Ledger {
        do { return Self.noticed(try Ledger.openExisting(at: ledgerPath)) } catch { throw CommandFailure(error) }
    }

    /// The ledger for writing, made on first use.
    func openForWriting() throws -> Ledger {
        do { return Self.noticed(try Ledger.openOrCreate(at: ledgerPath)) } catch { throw CommandFailure(error) }
    }

    /// Says once why a ledger on a network filesystem journals without WAL (docs/trainer-contract.md, Slurm).
    private static func noticed(_ ledger: Ledger) -> Ledger {
        if let filesystem = ledger.networkFilesystem {
            StandardError.write(
                "notice: the ledger is on a network filesystem (\(filesystem)); it uses journal_mode=DELETE, since WAL is safe only on a local disk")
        }
        return ledger
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
