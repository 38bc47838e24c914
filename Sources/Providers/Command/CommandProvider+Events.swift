import Foundation
import SweepCore

/// What a command job reports, derived from its files on every call: its start, one OpenAI-shaped
/// metrics event per step the trainer has written so far, and its end. Event ids are
/// `ftevent-<phase>-<position>` (for `metrics.jsonl` the position is the byte offset past the line),
/// so they sort in order and `after` says where to resume reading.
extension CommandProvider {
    public func events(_ id: JobID, after: String?) async throws -> [JobEvent] {
        let folder = folder(id)
        let stored = try folder.readStored()
        var events = [Self.event(0, 0, at: stored.job.createdAt, "Created command job: \(id)")]
        if let pid = folder.number(at: folder.pid) {
            events.append(
                Self.event(
                    0, 1, at: folder.modified(folder.pid) ?? stored.job.createdAt, "Trainer started (pid \(pid))"))
        }
        let cursor = after.flatMap(Self.position(of:))
        // Read before the status: once the trainer has exited, its last line is whole even without a newline.
        let exited = folder.number(at: folder.exitCode) != nil
        var readToEnd = true
        if !FileManager.default.fileExists(atPath: folder.failure) {
            do {
                let page = try metricEvents(folder, from: cursor?.phase == 1 ? cursor?.position ?? 0 : 0, final: exited)
                events += page.events
                readToEnd = !page.more && (exited || folder.number(at: folder.exitCode) == nil)
            } catch let error as ProviderError {
                // A trainer that breaks the contract fails with the line that broke it, and is stopped.
                folder.recordFailure(error.description)
                await executor.stop(folder, job: stored.job, grace: spec.cancelGrace)
            }
        }
        // The files alone say whether it ended (one poll asks the executor once); the end comes after
        // the last metrics page, so a caller reads on until it sees the end.
        if let snapshot = status(folder, stored).settled, snapshot.status.isTerminal && readToEnd {
            events.append(
                Self.event(
                    2, 0, at: snapshot.finishedAt ?? JobFiles.now(), Self.endMessage(snapshot),
                    level: snapshot.status == .failed ? "error" : "info"))
        }
        guard let after else { return events }
        return events.filter { $0.id > after }
    }

    /// The steps in a page of `metrics.jsonl` after `offset`, else every entry of the newest
    /// `trainer_state.json`; `more` when the page was full.
    private func metricEvents(_ folder: CommandJobFolder, from offset: Int, final: Bool) throws -> (events: [JobEvent], more: Bool) {
        if FileManager.default.fileExists(atPath: folder.metricsLog) {
            let time = folder.modified(folder.metricsLog) ?? JobFiles.now()
            let page = try MetricsLog(path: folder.metricsLog).read(from: offset, final: final)
            return (page.lines.map { Self.metricsEvent($0.data, position: $0.end, at: time) }, page.more)
        }
        guard let path = TrainerState.newest(in: folder.runDirectory) else { return ([], false) }
        let time = folder.modified(path) ?? JobFiles.now()
        let events = try TrainerState(path: path).entries.enumerated().compactMap { index, data in
            data.map { Self.metricsEvent($0, position: index + 1, at: time) }
        }
        return (events, false)
    }

    public func checkpoints(_ id: JobID) async throws -> [JobCheckpoint] {
        let folder = folder(id)
        if let model = try TrainerModel.read(folder.modelFile) { return model.checkpoints }
        return TrainerState.checkpoints(in: folder.runDirectory)
    }

    /// The trainer's own `results.csv`, when it wrote one (metrics from `metrics.jsonl` arrive as events).
    public func resultFile(_ id: RemoteFileID) async throws -> [UInt8] {
        let folder = folder(CommandJobFolder.job(ofResultFile: id))
        guard let bytes = try TrainerFile.contents(of: folder.resultCSV) else {
            throw ProviderError.notFound(what: "file", id: id.rawValue)
        }
        return bytes
    }

    private static func metricsEvent(_ data: [String: Double], position: Int, at time: Int) -> JobEvent {
        let step = data["step"].map { String(Int($0)) } ?? "?"
        let total = data["total_steps"].map { "/\(Int($0))" } ?? ""
        let losses = [("training loss", MetricSeries.trainLoss), ("validation loss", .validLoss), ("full validation loss", .fullValidLoss)]
            .compactMap { label, series in data[series.eventKey].map { "\(label)=\(String(format: "%.2f", $0))" } }
        return event(
            1, position, at: time, "Step \(step)\(total): " + losses.joined(separator: ", "), type: "metrics",
            data: data)
    }

    private static func endMessage(_ snapshot: JobSnapshot) -> String {
        switch snapshot.status {
        case .succeeded: "The job has successfully completed; model: \(snapshot.fineTunedModel ?? "none")"
        case .cancelled: "Fine-tuning job cancelled"
        default: "Fine-tuning job failed: \(snapshot.error?.message ?? "unknown error")"
        }
    }

    private static func event(
        _ phase: Int, _ position: Int, at time: Int, _ message: String, level: String = "info",
        type: String = "message",
        data: [String: Double]? = nil
    ) -> JobEvent {
        JobEvent(
            id: "ftevent-\(phase)-" + String(format: "%012d", position), createdAt: time, level: level, type: type,
            message: message, data: data)
    }

    private static func position(of id: String) -> (phase: Int, position: Int)? {
        let parts = id.split(separator: "-")
        guard parts.count == 3, parts[0] == "ftevent", let phase = Int(parts[1]), let position = Int(parts[2]) else {
            return nil
        }
        return (phase, position)
    }
}
