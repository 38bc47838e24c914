import Foundation

/// One command job's folder: what `createJob` wrote, what the supervisor writes while the trainer
/// runs, and the trainer's run directory. Plain files, so every process sees the same job.
struct CommandJobFolder: Sendable {
    let path: String

    /// The job as created, with how it was started.
    var stored: String { "\(path)/job.json" }
    /// The supervisor's pid (the group's id), written by the supervisor itself as it starts.
    var pid: String { "\(path)/pid" }
    /// The trainer's exit status, written by the supervisor when the trainer ends.
    var exitCode: String { "\(path)/exit_code" }
    var stdout: String { "\(path)/stdout.log" }
    var stderr: String { "\(path)/stderr.log" }
    /// Its presence records that the job was cancelled, so a killed supervisor reads as cancelled.
    var cancelMarker: String { "\(path)/cancel" }
    /// Written by `cancel` once the stopped job is seen gone without an exit record, so its end is in its files.
    var stopped: String { "\(path)/stopped" }
    /// Why ftsweep failed the job (malformed trainer output), when it did.
    var failure: String { "\(path)/failure" }
    /// `{run_dir}`: the trainer's own folder for metrics, model and checkpoints.
    var runDirectory: String { "\(path)/run" }
    var metricsLog: String { "\(runDirectory)/metrics.jsonl" }
    var resultCSV: String { "\(runDirectory)/results.csv" }
    var modelFile: String { "\(runDirectory)/model.json" }

    /// The id under which a job's `results.csv` is fetched, and back.
    static func resultFileID(_ job: JobID) -> RemoteFileID { RemoteFileID("file-result-\(job.rawValue)") }
    static func job(ofResultFile id: RemoteFileID) -> JobID {
        JobID(String(id.rawValue.dropFirst("file-result-".count)))
    }

    func readStored() throws -> StoredCommandJob {
        guard let data = FileManager.default.contents(atPath: stored) else {
            throw ProviderError.notFound(what: "fine-tuning job", id: (path as NSString).lastPathComponent)
        }
        return try JobFiles.decoder().decode(StoredCommandJob.self, from: data)
    }

    func write(_ job: StoredCommandJob) throws {
        try JobFiles.writeAtomically(try JobFiles.encoder.encode(job), to: stored)
    }

    /// A whole number the supervisor wrote (it renames complete files into place).
    func number(at file: String) -> Int32? {
        FileManager.default.contents(atPath: file).flatMap {
            Int32(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    func text(at file: String) -> String? {
        FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The seconds since 1970 at which `file` last changed.
    func modified(_ file: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date).map {
            Int($0.timeIntervalSince1970)
        }
    }

    /// About the last `limit` bytes of the trainer's standard error, in whole lines where they fit. A last
    /// line longer than that keeps its start (where "ValueError:" is) and its end, cut in the middle.
    func stderrTail(limit: Int = 2048) -> String {
        guard let file = try? TrainerFile(path: stderr) else { return "" }
        let window = min(file.size, max(limit, 64 << 10))
        let bytes = (try? file.read(at: file.size - window, count: window)) ?? []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let startsMidLine = window < file.size
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard var last = lines.popLast() else { return "" }
        if startsMidLine && lines.isEmpty { last = "…" + last }  // its start lies before the window
        guard last.utf8.count <= limit else {
            return String(last.prefix(limit / 2)) + " … " + String(last.suffix(limit / 2))
        }
        var tail = [last]
        var used = last.utf8.count
        // Earlier lines while they fit; the window's first line may be cut, so it is left out.
        for line in lines.dropFirst(startsMidLine ? 1 : 0).reversed() {
            guard used + line.utf8.count + 1 <= limit else { break }
            tail.insert(line, at: 0)
            used += line.utf8.count + 1
        }
        return tail.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Records a failure ftsweep found in the trainer's output; the job reads as failed from now on.
    func recordFailure(_ message: String) {
        try? JobFiles.writeAtomically(Data(message.utf8), to: failure)
    }
}

/// A command job as `createJob` wrote it.
struct StoredCommandJob: Codable {
    var job: JobSnapshot
    /// What the supervisor runs, and where.
    var arguments: [String]
    var workdir: String
}
