import Foundation
import Ledger

/// Moves runs between ledgers as JSONL, streamed both ways in bounded memory: datasets, sweeps, then
/// each run's line followed by lines of its metric rows and events, at most `pageSize` to a line.
/// Every run carries its origin ('<ledger id>/<run id>' of the ledger that made it), so a round trip
/// keeps every run (reproduction attempts, runs sharing a trial key) and importing again changes nothing.
public enum RunBundle {
    /// Rows per metrics or events line: a line stays around a megabyte however long the run.
    static let pageSize = 5_000

    struct Line: Codable {
        var type: String
        var dataset: DatasetRecord?
        var sweep: SweepRecord?
        var run: RunRecord?
        /// The run's origin, on its run line and on each line of its rows.
        var origin: String?
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

    /// How far an export or import has come, for a progress line on a terminal.
    public struct Progress: Sendable, Equatable {
        public var runs: Int
        /// Known on export.
        public var totalRuns: Int?
        public var metricRows: Int
        /// Known on import: bytes read of the bundle's size.
        public var bytes: Int?
        public var totalBytes: Int?
    }

    /// Writes the bundle of a sweep's runs (or every run), one JSON line at a time through `write`.
    public static func export(
        from ledger: Ledger, sweep: String?, write: (String) throws -> Void, progress: (Progress) -> Void = { _ in }
    ) throws {
        let runs = try ledger.runs(RunQuery(sweep: sweep))
        let identity = try ledger.identity
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = RunBundle.divergedFigures.encoding
        func add(_ line: Line) throws { try write(String(decoding: try encoder.encode(line), as: UTF8.self) + "\n") }
        let digests = Set(runs.flatMap { [$0.trainingDigest, $0.validationDigest].compactMap { $0 } })
        for dataset in try ledger.datasets(digests: digests) { try add(Line(type: "dataset", dataset: dataset)) }
        let sweepNames = Set(runs.compactMap(\.sweepName))
        for record in try ledger.sweeps() where sweepNames.contains(record.name) { try add(Line(type: "sweep", sweep: record)) }
        var done = Progress(runs: 0, totalRuns: runs.count, metricRows: 0)
        for run in runs {
            let origin = try ledger.origin(of: run.id) ?? "\(identity)/\(run.id)"
            try add(Line(type: "run", run: run, origin: origin, checkpoints: try ledger.storedCheckpoints(run: run.id)))
            var step: Int?
            while case let rows = try ledger.metrics(run: run.id, afterStep: step, limit: pageSize), let last = rows.last {
                try add(Line(type: "metrics", origin: origin, metrics: rows))
                step = last.step
                done.metricRows += rows.count
                progress(done)
            }
            var event: String?
            while case let events = try ledger.events(run: run.id, after: event, limit: pageSize), let last = events.last {
                try add(Line(type: "events", origin: origin, events: events))
                event = last.id
            }
            done.runs += 1
            progress(done)
        }
    }
}

extension RunBundle {
    /// A diverged figure (±inf; NaN is kept as +inf) travels as a string, since JSON has no number for it.
    static let divergedFigures = (
        encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
        decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    )
}
