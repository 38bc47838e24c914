import Datasets
import Foundation
import Ledger

/// Many runs made elsewhere at once (`ingest --manifest FILE`): one JSON object a line, `file` naming
/// the run's result file and the other keys those of `--new-run`; paths are relative to the manifest.
/// A line whose file and settings were imported before finds its run and writes nothing.
///
///     {"file": "run-1.csv", "model": "gpt-4o-mini-2024-07-18", "training": "train.jsonl", "n_epochs": 3, "seed": 1}
public enum ImportManifest {
    /// One run written: its id and how many metric rows it got.
    public struct Imported: Sendable, Encodable {
        public var run: Int
        public var file: String
        public var metricRows: Int
        /// True when an earlier import of the same file with the same settings made the run: nothing was written.
        public var alreadyImported: Bool
    }

    /// Ingests every line's run in one transaction, reading one result file at a time: all runs or,
    /// at the first bad line or file (named with its line), none.
    public static func ingest(path: String, ledger: Ledger, validator: DatasetValidator) throws -> [Imported] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportedRun.Failure(message: "\(path): cannot read the manifest")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path }
        var registered: [String: String] = [:]
        return try ledger.transaction {
            var imported: [Imported] = []
            for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                func failure(_ message: String) -> ImportedRun.Failure { ImportedRun.Failure(message: "\(path):\(offset + 1): \(message)") }
                guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else {
                    throw failure("expected a JSON object with \"file\" and the --new-run keys")
                }
                guard let file = object["file"] as? String else { throw failure("\"file\" (the run's result file) is missing") }
                var settings: [String] = []
                for (key, value) in object where key != "file" {
                    let text = (value as? String) ?? (value as? NSNumber)?.stringValue
                    guard var text else { throw failure("\"\(key)\" must be a string or a number") }
                    if key == "training" || key == "validation" { text = resolve(text) }
                    settings.append("\(key)=\(text)")
                }
                let resultPath = resolve(file)
                guard let bytes = FileManager.default.contents(atPath: resultPath) else { throw failure("cannot read \(resultPath)") }
                let results = try ImportedResults.read([UInt8](bytes), file: resultPath)
                let outcome: ImportedRun.Outcome
                do {
                    outcome = try ImportedRun.ingest(
                        [results], settings: settings, ledger: ledger, validator: validator, registered: &registered)
                } catch let error as ImportedRun.Failure {
                    throw failure(error.message)
                }
                imported.append(Imported(
                    run: outcome.run, file: file, metricRows: outcome.alreadyImported ? 0 : results.metrics.count,
                    alreadyImported: outcome.alreadyImported))
            }
            return imported
        }
    }
}
