import ArgumentParser
import Foundation
import Ledger
import Datasets
import Orchestration
import SweepCore
import Reports

/// `ftsweep ingest`.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import results made elsewhere into a run: result CSVs (plain, base64, legacy), events, checkpoints.",
        discussion: """
            The format of each file is detected from its content. Every file is read and checked before anything is \
            written; a malformed file is reported as FILE:LINE and nothing is ingested. Importing the same files \
            twice changes nothing: a new run is keyed by the digest of its files and settings, so importing \
            them again finds the run made the first time and says so.

            With --manifest, many runs come in at once: one JSON object a line, "file" naming the run's result \
            file and the other keys those of --new-run (paths relative to the manifest). They are written in one \
            transaction: all of them, or none when a line or file is bad.

            Examples:
              ftsweep ingest step_metrics.csv events.json --run 12
              ftsweep ingest compiled_results.csv --run 3 --format json
              ftsweep ingest --manifest runs.jsonl   # {"file": "run-1.csv", "model": "gpt-4o-mini-2024-07-18", "training": "train.jsonl", "n_epochs": 3}
            """)

    @Argument(help: ArgumentHelp("Files to import.", valueName: "file"), completion: .file())
    var files: [String] = []

    @Option(help: ArgumentHelp("Import one new run per line of this JSONL file (see above).", valueName: "path"), completion: .file())
    var manifest: String?

    @Option(help: ArgumentHelp("The run the results belong to.", valueName: "run"))
    var run: Int?

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Make a run for them instead: model=NAME [training=FILE validation=FILE n_epochs=N batch_size=N learning_rate_multiplier=X seed=N provider=P job=ID]; without training= the run has no training digest.",
        valueName: "key=value"))
    var newRun: [String] = []

    func validate() throws {
        if manifest != nil {
            guard files.isEmpty, run == nil, newRun.isEmpty else { throw ValidationError("--manifest names the files and makes the runs: give it alone") }
            return
        }
        guard !files.isEmpty else { throw ValidationError("give the files to import, or --manifest FILE") }
        guard (run == nil) != newRun.isEmpty else { throw ValidationError("give either --run RUN or --new-run key=value…") }
    }

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        if let manifest { return try ingest(manifest: manifest) }
        var imports: [ImportedResults] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("\(file): cannot read the file", status: ExitStatus.dataError)
            }
            do { imports.append(try ImportedResults.read([UInt8](data), file: file)) } catch {
                throw CommandFailure(error.description, status: ExitStatus.dataError)
            }
        }
        let ledger = try newRun.isEmpty ? ledger.openExisting() : ledger.openForWriting()
        let target: Int
        var alreadyImported = false
        if let run {
            do { _ = try ledger.run(run) } catch { throw CommandFailure(error) }
            try ledger.record(imports, run: run)
            target = run
        } else {
            let model = newRun.first { $0.hasPrefix("model=") }.map { String($0.dropFirst(6)) } ?? ModelCatalog.defaultModel
            do {
                let outcome = try ImportedRun.ingest(
                    imports, settings: newRun, ledger: ledger, validator: DataCheckOptions.makeValidator(model: model, epochs: nil))
                (target, alreadyImported) = (outcome.run, outcome.alreadyImported)
            } catch let error as ImportedRun.Failure {
                throw CommandFailure(error.description, status: ExitStatus.usage)
            } catch let error as DatasetError {
                throw CommandFailure(error)
            }
        }
        let summary = zip(files, imports).map { IngestLine(file: $0, format: $1.format.rawValue, metricRows: $1.metrics.count, events: $1.events.count, checkpoints: $1.checkpoints.count) }
        switch output.format {
        case .json: print(try JSONOutput.render(IngestSummary(run: target, alreadyImported: alreadyImported, files: summary)))
        case .table:
            if alreadyImported {
                print("run \(target) already holds these files with these settings; nothing was imported")
                return
            }
            print("run \(target):")
            for line in summary { print("\(line.file): \(line.format), \(line.metricRows) metric rows, \(line.events) events, \(line.checkpoints) checkpoints") }
        }
    }
}

extension Ingest {
    private func ingest(manifest: String) throws {
        let ledger = try ledger.openForWriting()
        let imported: [ImportManifest.Imported]
        do {
            imported = try ImportManifest.ingest(path: manifest, ledger: ledger, validator: DataCheckOptions.makeValidator(model: ModelCatalog.defaultModel, epochs: nil))
        } catch let error as ImportedRun.Failure {
            throw CommandFailure(error.description, status: ExitStatus.usage)
        } catch let error as ImportedResults.Failure {
            throw CommandFailure(error.description, status: ExitStatus.dataError)
        } catch let error as DatasetError {
            throw CommandFailure(error)
        }
        switch output.format {
        case .json: print(try JSONOutput.render(imported))
        case .table:
            let made = imported.filter { !$0.alreadyImported }, known = imported.filter(\.alreadyImported)
            let rows = made.reduce(0) { $0 + $1.metricRows }
            func span(_ runs: [ImportManifest.Imported]) -> String {
                runs.first.map { first in runs.count == 1 ? "\(first.run)" : "\(first.run)…\(runs[runs.count - 1].run)" } ?? "none"
            }
            var summary = "\(made.count.counted("run")) (\(span(made))), \(rows) metric rows"
            if !known.isEmpty { summary += "; \(known.count) already imported before (runs \(span(known))), left as they were" }
            print(summary)
        }
    }
}

/// What `ingest --format json` prints: the run the files went to, and each file.
private struct IngestSummary: Encodable {
    var run: Int
    var alreadyImported: Bool
    var files: [IngestLine]
}

private struct IngestLine: Encodable {
    var file: String
    var format: String
    var metricRows: Int
    var events: Int
    var checkpoints: Int
}
