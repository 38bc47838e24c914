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
}
