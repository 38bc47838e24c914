import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

/// `ftsweep export`.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write runs (with their datasets, sweeps, metrics, events and checkpoints) as a JSONL bundle.",
        discussion: """
            The bundle is written as it is read, in bounded memory however many metric rows the runs hold; \
            on a terminal, standard error shows how far it has come.

            Examples:
              ftsweep export --sweep triage-demo > triage.bundle.jsonl
              ftsweep export > everything.jsonl
            """)

    @Option(help: ArgumentHelp("Only runs of this sweep.", valueName: "sweep"))
    var sweep: String?

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let ledger = try ledger.openForReading()
        var output = BufferedOutput()
        var progress = TerminalProgress()
        try RunBundle.export(from: ledger, sweep: sweep, write: { try output.write($0) }) {
            progress.show(BundleProgressView.render($0, verb: "export"))
        }
        try output.flush()
        progress.end()
    }
}

/// `ftsweep import`.
struct ImportBundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a bundle into the ledger, keeping every run; a run already here is skipped.",
        discussion: """
            Every run of the bundle is kept, reproduction attempts and runs that share a trial key included. \
            A run already in this ledger (imported before, or exported from it) is skipped, as is a run that \
            had not ended where it was exported. One transaction: a malformed bundle imports nothing. The \
            bundle is read line by line, in bounded memory; on a terminal, standard error shows progress.

            Examples:
              ftsweep import triage.bundle.jsonl
              ftsweep import teammate.jsonl --ledger shared.sqlite --format json
            """)

    @Argument(help: ArgumentHelp("The bundle (JSONL from ftsweep export).", valueName: "file"), completion: .file())
    var file: String

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        let outcome: RunBundle.ImportOutcome
        var progress = TerminalProgress()
        do {
            let reader = try BundleReader(path: file)
            outcome = try RunBundle.import(from: reader, into: try ledger.openForWriting()) {
                progress.show(BundleProgressView.render($0, verb: "import"))
            }
            progress.end()
        } catch let error as RunBundle.Failure {
            progress.end()
            let place = error.line > 0 ? "\(file):\(error.line)" : file
            throw CommandFailure("\(place): \(error.message)", status: ExitStatus.dataError)
        }
        switch output.format {
        case .json: print(try JSONOutput.render(outcome))
        case .table: print("imported \(outcome.imported.counted("run")), skipped \(outcome.skipped) (already here or unfinished), \(outcome.datasets.counted("new dataset")), \(outcome.sweeps.counted("new sweep"))")
        }
    }
}

/// Standard output written in large blocks: an export's lines are many and each is small or bounded.
private struct BufferedOutput {
    private var pending: [UInt8] = []

    mutating func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try FileHandle.standardOutput.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}

/// One line on standard error, redrawn at most five times a second, and only when it is a terminal.
private struct TerminalProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var last: ContinuousClock.Instant?

    mutating func show(_ text: @autoclosure () -> String) {
        guard enabled, last.map({ ContinuousClock.now - $0 >= .milliseconds(200) }) ?? true else { return }
        last = .now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
    }

    func end() {
        if enabled && last != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
