import Foundation

/// Where a local job keeps its state: one folder per job, readable by any process.
struct LocalJobFiles: Sendable {
    let folder: String

    var snapshot: String { "\(folder)/job.json" }
    var events: String { "\(folder)/events.jsonl" }
    var checkpoints: String { "\(folder)/checkpoints.json" }
    var resultCSV: String { "\(folder)/result.csv" }
    /// Its presence asks the trainer to stop: cancellation works across processes.
    var cancelMarker: String { "\(folder)/cancel" }
    /// Its presence pauses the trainer between steps until it is removed.
    var pauseMarker: String { "\(folder)/pause" }
    /// The training state after the last epoch, from which a stopped job resumes.
    var trainingState: String { "\(folder)/training-state.bin" }
    /// Locked while a process takes the job over, so two never resume it at once.
    var ownerLock: String { "\(folder)/owner.lock" }

    static var encoder: JSONEncoder { JobFiles.encoder }
    static func decoder() -> JSONDecoder { JobFiles.decoder() }
    static func writeAtomically(_ data: Data, to path: String) throws { try JobFiles.writeAtomically(data, to: path) }

    func readSnapshot() throws -> StoredJob {
        guard let data = FileManager.default.contents(atPath: snapshot) else {
            throw ProviderError.notFound(what: "fine-tuning job", id: (folder as NSString).lastPathComponent)
        }
        return try Self.decoder().decode(StoredJob.self, from: data)
    }

    func readEvents() -> [JobEvent] {
        guard let data = FileManager.default.contents(atPath: events) else { return [] }
        let decoder = Self.decoder()
        // A line still being written fails to decode and is skipped; it is whole on the next read.
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(JobEvent.self, from: Data($0)) }
    }

    /// Cuts off an event line a stopped process left half written, so the next event starts a line.
    func dropPartialEvent() {
        guard let data = FileManager.default.contents(atPath: events), let last = data.last, last != UInt8(ascii: "\n") else { return }
        let whole = data.lastIndex(of: UInt8(ascii: "\n")).map { data.index(after: $0) } ?? data.startIndex
        truncate(events, off_t(whole - data.startIndex))
    }

    func readCheckpoints() -> [JobCheckpoint] {
        guard let data = FileManager.default.contents(atPath: checkpoints) else { return [] }
        return (try? Self.decoder().decode([JobCheckpoint].self, from: data)) ?? []
    }
}

/// A job's snapshot plus what only the local provider needs (the process that trains it).
struct StoredJob: Codable {
    var job: JobSnapshot
    var trainingFile: String
    var validationFile: String?
    var suffix: String?
    var ownerPid: Int32
    /// The fine-tuned model's name, fixed when training first starts so a resumed job's checkpoints
    /// and model share it.
    var modelName: String?
}
