import Foundation
import Ledger

/// Moves runs between ledgers as JSONL: datasets, sweeps, then each run with its metrics, events
/// and checkpoints. Import skips any run whose trial key already succeeded in the target ledger,
/// so nobody pays twice for a trial a teammate already ran.
public enum RunBundle {
    struct Line: Codable {
        var type: String
        var dataset: DatasetRecord?
        var sweep: SweepRecord?
        var run: RunRecord?
        var metrics: [MetricRow]?
        var events: [StoredEvent]?
        var checkpoints: [StoredCheckpoint]?
    }

    /// What `import` did.
    public struct ImportOutcome: Sendable, Equatable, Codable {
        public var imported: Int
        public var skipped: Int
        public var datasets: Int
        public var sweeps: Int
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The bundle of a sweep's runs (or every run), one JSON object a line.
    public static func export(from ledger: Ledger, sweep: String?) throws -> String {
        let runs = try ledger.runs(RunQuery(sweep: sweep))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var lines: [String] = []
        func add(_ line: Line) throws { lines.append(String(decoding: try encoder.encode(line), as: UTF8.self)) }
        let digests = Set(runs.flatMap { [$0.trainingDigest] + ($0.validationDigest.map { [$0] } ?? []) })
        for dataset in try ledger.datasets() where digests.contains(dataset.digest) { try add(Line(type: "dataset", dataset: dataset)) }
        let sweepNames = Set(runs.compactMap(\.sweepName))
        for record in try ledger.sweeps() where sweepNames.contains(record.name) { try add(Line(type: "sweep", sweep: record)) }
        for run in runs {
            try add(Line(type: "run", run: run, metrics: try ledger.metrics(run: run.id), events: try ledger.events(run: run.id),
                         checkpoints: try ledger.storedCheckpoints(run: run.id)))
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// Reads a bundle into the ledger in one transaction; a malformed line imports nothing.
    public static func `import`(_ text: String, into ledger: Ledger) throws -> ImportOutcome {
        let decoder = JSONDecoder()
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !raw.isEmpty {
            guard let line = try? decoder.decode(Line.self, from: Data(raw.utf8)), ["dataset", "sweep", "run"].contains(line.type) else {
                throw Failure(line: index + 1, message: "not a bundle line (a JSON object with type dataset, sweep or run)")
            }
            lines.append(line)
        }
        return try ledger.database.transaction {
            var outcome = ImportOutcome(imported: 0, skipped: 0, datasets: 0, sweeps: 0)
            var sweepIDs: [String: Int] = [:]
            for line in lines {
                if let dataset = line.dataset {
                    for path in dataset.paths.isEmpty ? ["(imported)"] : dataset.paths.map(\.path) {
                        if try ledger.registerDataset(dataset, path: path) == .added { outcome.datasets += 1 }
                    }
                }
                if let sweep = line.sweep {
                    let existing = try? ledger.sweep(named: sweep.name)
                    sweepIDs[sweep.name] = try existing?.id ?? ledger.saveSweep(sweep).id
                    if existing == nil { outcome.sweeps += 1 }
                }
                guard var run = line.run else { continue }
                if try ledger.finishedRun(trialKey: run.trialKey) != nil || (run.state != "succeeded" && run.finishedAt == nil) {
                    outcome.skipped += 1
                    continue
                }
                run.sweepID = run.sweepName.flatMap { sweepIDs[$0] }
                let inserted = try ledger.insertRun(run)
                try ledger.recordMetrics(line.metrics ?? [], run: inserted.id)
                try ledger.recordEvents((line.events ?? []).map { ($0.id, $0.createdAt, $0.level, $0.type, $0.message, $0.dataJSON) }, run: inserted.id)
                try ledger.recordCheckpoints((line.checkpoints ?? []).map { ($0.step, $0.modelID, $0.metricsJSON) }, run: inserted.id)
                if let job = run.jobID { try ledger.attachJob(run: inserted.id, jobID: job, state: run.state) }
                try ledger.finishRun(inserted.id, RunOutcome(
                    state: run.state, fineTunedModel: run.fineTunedModel, trainedTokens: run.trainedTokens, errorCode: run.errorCode,
                    errorMessage: run.errorMessage, resolvedJSON: run.resolvedJSON))
                outcome.imported += 1
            }
            return outcome
        }
    }
}
