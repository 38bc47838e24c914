import Datasets
import Foundation
import Ledger
import Reports

/// Exit codes, in one place (`STYLE.md` §3; the BSD sysexits values).
enum ExitStatus {
    static let ok: Int32 = 0
    /// The command ran and its answer is "no" (invalid data, a failed check).
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    /// What the command names does not exist: a run, sweep, alias, dataset or model.
    static let notFound: Int32 = 66
    static let unavailable: Int32 = 69
}

/// An error that ends the command with one `error:` line and a chosen exit code.
struct CommandFailure: Error {
    var message: String
    var status: Int32

    init(_ message: String, status: Int32 = ExitStatus.failure) {
        self.message = message
        self.status = status
    }

    init(_ error: LedgerError) {
        switch error {
        case .notFound: self.init(error.description, status: ExitStatus.notFound)
        case .ambiguous, .ambiguousName: self.init(error.description, status: ExitStatus.usage)
        case .missing, .olderSchema: self.init(error.description, status: ExitStatus.failure)
        case .damaged, .badSchemaVersion, .notALedger: self.init(error.description, status: ExitStatus.dataError)
        default: self.init(error.description, status: ExitStatus.unavailable)
        }
    }

    init(_ error: DatasetError) {
        switch error {
        case .unreadable, .lineTooLong: self.init(error.description, status: ExitStatus.dataError)
        default: self.init(error.description, status: ExitStatus.unavailable)
        }
    }

    func report() -> Never {
        StandardError.write("error: \(message)")
        exit(status)
    }
}

/// Writes whole lines to standard error.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.escape(line, keepingLines: true) + "\n").utf8))
    }
}
