import Foundation
import Ledger
import Providers

/// Moves what a job reports into its run: events and their metrics as they come, then the result
/// file, checkpoints and final state. Every write is an upsert, so ingesting twice changes nothing.
struct JobIngest {
    let ledger: Ledger

    /// Records events and the metric rows they carry; returns the newest metrics event's data.
    @discardableResult
    func events(_ events: [JobEvent], run: Int) throws -> [String: Double]? {
        guard !events.isEmpty else { return nil }
        try ledger.recordEvents(events.map { event in
            (event.id, event.createdAt, event.level, event.type, event.message, event.data.flatMap(Launcher.json))
        }, run: run)
        let rows = events.compactMap { $0.data.flatMap(MetricRow.init(eventData:)) }
        if !rows.isEmpty { try ledger.recordMetrics(rows, run: run) }
        return events.last(where: { $0.type == "metrics" })?.data
    }

    /// One look at a job (on the caller's actor, which owns the ledger), the step both the launcher's follow loop and `collect` take: its new events
    /// ingested, then its state; for an ended job, the rest of its events too.
    struct Poll {
        var snapshot: JobSnapshot
        /// The newest event ingested (the cursor of the next poll).
        var lastEvent: String?
        /// The newest metrics event's data, when this poll brought one.
        var latestMetrics: [String: Double]?
    }

    nonisolated(nonsending) func poll(_ job: JobID, on provider: any FineTuningProvider, run: Int, after cursor: String?) async throws -> Poll {
        var cursor = cursor
        let events = try await provider.events(job, after: cursor)
        cursor = events.last?.id ?? cursor
        var latest = try self.events(events, run: run)
        let snapshot = try await provider.job(job)
        if snapshot.status.isTerminal {
            // Events may come in pages (a command trainer's metrics do): read on while one ends on metrics.
            while true {
                let page = try await provider.events(job, after: cursor)
                latest = try self.events(page, run: run) ?? latest
                guard let last = page.last, last.type == "metrics", last.id != cursor else { break }
                cursor = last.id
            }
        }
        return Poll(snapshot: snapshot, lastEvent: cursor, latestMetrics: latest)
    }

    /// What a finished job left behind, fetched from its provider.
    struct Final: Sendable {
        var snapshot: JobSnapshot
        var resultFiles: [[UInt8]]
        var checkpoints: [JobCheckpoint]

        static func fetch(_ snapshot: JobSnapshot, from provider: any FineTuningProvider) async throws -> Final {
            var files: [[UInt8]] = []
            for file in snapshot.resultFiles { files.append(try await provider.resultFile(file)) }
            return Final(snapshot: snapshot, resultFiles: files, checkpoints: try await provider.checkpoints(snapshot.id))
        }
    }

    /// Records a finished job: its result files, checkpoints and outcome.
    func finish(_ final: Final, run: Int) throws {
        let snapshot = final.snapshot
        for file in final.resultFiles {
            try ledger.recordMetrics(try ResultFile.parse(file), run: run)
        }
        let checkpoints = final.checkpoints
        try ledger.recordCheckpoints(checkpoints.map { ($0.step, $0.model, Launcher.json($0.metrics)) }, run: run)
        try ledger.finishRun(run, RunOutcome(
            state: snapshot.status.runState, fineTunedModel: snapshot.fineTunedModel, trainedTokens: snapshot.trainedTokens,
            errorCode: snapshot.error?.code, errorMessage: snapshot.error?.message,
            resolvedJSON: Launcher.json(snapshot.hyperparameters)))
    }
}
