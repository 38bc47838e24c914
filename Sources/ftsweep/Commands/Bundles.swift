import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Reports

/// `ftsweep export`.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write runs (with their datasets, sweeps, metrics, events and checkpoints) as a JSONL bundle.",
        discussion: """
            Examples:
              ftsweep export --sweep triage-demo > triage.bundle.jsonl
              ftsweep export > everything.jsonl
            """)

    @Option(help: ArgumentHelp("Only runs of this sweep.", valueName: "sweep"))
    var sweep: String?

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        print(try RunBundle.export(from: try ledger.openForReading(), sweep: sweep), terminator: "")
    }
}

/// `ftsweep import`.
struct ImportBundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a bundle into the ledger; a run whose trial already succeeded here is skipped.",
        discussion: """
            One transaction: a malformed bundle imports nothing.

            Examples:
              ftsweep import triage.bundle.jsonl
              ftsweep import teammate.jsonl --ledger shared.sqlite --format json
            """)

    @Argument(help: ArgumentHelp("The bundle (JSONL from ftsweep export).", valueName: "file"))
    var file: String

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("\(file): cannot read the file", status: ExitStatus.dataError) }
        let outcome: RunBundle.ImportOutcome
        do {
            outcome = try RunBundle.import(String(decoding: data, as: UTF8.self), into: try ledger.openForWriting())
        } catch let error as RunBundle.Failure {
            throw CommandFailure("\(file):\(error.line): \(error.message)", status: ExitStatus.dataError)
        }
        switch output.format {
        case .json: print(try JSONOutput.render(outcome))
        case .table: print("imported \(outcome.imported) runs, skipped \(outcome.skipped) (already here or unfinished), \(outcome.datasets) new datasets, \(outcome.sweeps) new sweeps")
        }
    }
}
