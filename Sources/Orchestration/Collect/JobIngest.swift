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
            state: snapshot.status.rawValue, fineTunedModel: snapshot.fineTunedModel, trainedTokens: snapshot.trainedTokens,
            errorCode: snapshot.error?.code, errorMessage: snapshot.error?.message,
            resolvedJSON: Launcher.json(snapshot.hyperparameters)))
    }
}
