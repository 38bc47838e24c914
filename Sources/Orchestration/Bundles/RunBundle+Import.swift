import Datasets
import Foundation
import Ledger
import SweepCore

extension RunBundle {
    /// Reads a bundle into the ledger line by line, in one transaction: a malformed line imports
    /// nothing. A run already here (the same origin, or a run of this very ledger) is skipped, as is one
    /// that had not ended where it was exported; every other run is kept, whatever its trial key.
    public static func `import`(
        from reader: BundleReader, into ledger: Ledger, progress: (Progress) -> Void = { _ in }
    ) throws -> ImportOutcome {
        let identity = try ledger.identity
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = RunBundle.divergedFigures.decoding
        return try ledger.transaction {
            var importer = Importer(ledger: ledger, identity: identity)
            var done = Progress(runs: 0, metricRows: 0, bytes: 0, totalBytes: reader.size)
            while let (number, raw) = try reader.next() {
                guard !raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
                guard let line = try? decoder.decode(Line.self, from: Data(raw)),
                      ["dataset", "sweep", "run", "metrics", "events"].contains(line.type) else {
                    throw Failure(
                        line: number, message: "not a bundle line (a JSON object with type dataset, sweep, run, metrics or events)")
                }
                done.metricRows += try importer.add(line, number: number)
                done.runs = importer.outcome.imported + importer.outcome.skipped
                done.bytes = reader.consumed
                progress(done)
            }
            try importer.finishRun()
            return importer.outcome
        }
    }

    /// The import's state between lines: the run whose rows may follow, and what was done so far.
    private struct Importer {
        let ledger: Ledger
        let identity: String
        var outcome = ImportOutcome(imported: 0, skipped: 0, datasets: 0, sweeps: 0)
        var sweepIDs: [String: Int] = [:]
        /// The origin of the last run line, and the run it became here (nil when it was skipped).
        var current: (origin: String, run: Int?)?
        /// The series the current run's metric pages carried, for its summary.
        var series: Set<MetricSeries> = []

        /// Writes one line; returns the metric rows it stored.
        mutating func add(_ line: Line, number: Int) throws -> Int {
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
            if let run = line.run {
                try finishRun()
                try start(run, origin: line.origin ?? Self.legacyOrigin(run), checkpoints: line.checkpoints ?? [])
            } else if line.type == "metrics" || line.type == "events" {
                guard let current, line.origin == current.origin else {
                    throw Failure(line: number, message: "\(line.type) of a run whose line does not come just before them")
                }
            }
            guard let run = current?.run else { return 0 }
            let metrics = line.metrics ?? []
            if !metrics.isEmpty { series.formUnion(try ledger.recordMetrics(metrics, run: run, refreshingSummary: false)) }
            if let events = line.events, !events.isEmpty {
                try ledger.recordEvents(events.map { ($0.id, $0.createdAt, $0.level, $0.type, $0.message, $0.dataJSON) }, run: run)
            }
            return metrics.count
        }

        private mutating func start(_ record: RunRecord, origin: String, checkpoints: [StoredCheckpoint]) throws {
            if try isHere(origin) || (record.state != .succeeded && record.finishedAt == nil) {
                outcome.skipped += 1
                current = (origin, nil)
                return
            }
            var run = record
            run.sweepID = run.sweepName.flatMap { sweepIDs[$0] }
            let inserted = try ledger.insertRun(run)
            try ledger.setOrigin(origin, run: inserted.id)
            try ledger.recordCheckpoints(checkpoints.map { ($0.step, $0.modelID, $0.metricsJSON) }, run: inserted.id)
            if let job = run.jobID { try ledger.attachJob(run: inserted.id, jobID: job, state: run.state) }
            try ledger.finishRun(inserted.id, RunOutcome(
                state: run.state, fineTunedModel: run.fineTunedModel, trainedTokens: run.trainedTokens, errorCode: run.errorCode,
                errorMessage: run.errorMessage, resolvedJSON: run.resolvedJSON))
            outcome.imported += 1
            current = (origin, inserted.id)
        }

        /// Summary columns are computed once a run's last rows are in.
        mutating func finishRun() throws {
            if let run = current?.run { try ledger.refreshSummary(of: run, series: series) }
            (current, series) = (nil, [])
        }

        /// True when the run is already in this ledger: imported before, or made here and exported.
        private func isHere(_ origin: String) throws -> Bool {
            if try ledger.run(origin: origin) != nil { return true }
            let parts = origin.split(separator: "/")
            guard parts.count == 2, parts[0] == identity, let id = Int(parts[1]) else { return false }
            return (try? ledger.run(id)) != nil
        }

        /// Bundles written before runs carried an origin: the run is known by what it recorded.
        static func legacyOrigin(_ run: RunRecord) -> String {
            let text = [run.sweepName ?? "", run.trialKey, String(run.attempt), run.jobID ?? "", run.createdAt].joined(separator: "\n")
            return "bundle:" + DatasetDigest.of(bytes: Array(text.utf8)).rawValue
        }
    }
}
