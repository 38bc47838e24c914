import Foundation
import TestSupport
import Testing

/// What a job left in the server's folder: its metrics by step (every report of each step), its
/// messages and its final weights.
private struct JobRecord {
    var metrics: [Int: [[String: Double]]] = [:]
    var messages: [String] = []
    var weights = Data()

    init(_ server: ServeProcess, _ id: String, model: String) throws {
        let folder = "\(server.folder)/local"
        let events = try String(contentsOfFile: "\(folder)/jobs/\(id)/events.jsonl", encoding: .utf8)
        for line in events.split(separator: "\n") {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            messages.append(event["message"] as? String ?? "")
            if let data = event["data"] as? [String: Double], let step = data["step"] { metrics[Int(step), default: []].append(data) }
        }
        // The weights follow the model file's second line (its name, which differs between the jobs, is in that line).
        let file = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/models/\(model.replacingOccurrences(of: ":", with: "%3A")).ftlm"))
        weights = Data(file.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)[2])
    }
}

/// Issue 16: a job that was training when its server was killed resumes from its last checkpoint in
/// the next server on the same folder, and ends as an uninterrupted run of the same job does.
@Suite(.serialized) struct ServeResumeTests {
    private static let job =
        #"{"model":"local-small","training_file":"FILE","seed":7,"suffix":"resume","hyperparameters":{"n_epochs":5,"batch_size":4}}"#

    @Test func aJobTrainingWhenTheServerWasKilledResumesFromItsCheckpointAndEndsAsAnUninterruptedRun() throws {
        var server = try ServeProcess()
        let file = try uploadTriage(server)
        let body = Self.job.replacingOccurrences(of: "FILE", with: file)
        let id = try #require(try call(server, "POST", "fine_tuning/jobs", json: body).json["id"] as? String)
        let hasCheckpoint = {
            !((try? call(server, "GET", "fine_tuning/jobs/\(id)/checkpoints").json["data"] as? [Any]) ?? []).isEmpty
        }
        #expect(Waiting.until(seconds: 120, hasCheckpoint), "no checkpoint came")
        server.stop()
        let stored = try Data(contentsOf: URL(fileURLWithPath: "\(server.folder)/local/jobs/\(id)/job.json"))
        let left = ((try JSONSerialization.jsonObject(with: stored) as? [String: Any])?["job"] as? [String: Any])?["status"] as? String
        #expect(left == "running", "the job was killed mid-run, not after it ended")

        server = try ServeProcess(folder: server.folder)
        defer { server.stop() }
        let reference = try #require(try call(server, "POST", "fine_tuning/jobs", json: body).json["id"] as? String)
        let ended = { (job: String) in
            let status = (try? call(server, "GET", "fine_tuning/jobs/\(job)").json["status"] as? String) ?? nil
            return ["succeeded", "failed", "cancelled"].contains(status ?? "")
        }
        #expect(Waiting.until(seconds: 240) { ended(id) && ended(reference) })
        let resumedJob = try call(server, "GET", "fine_tuning/jobs/\(id)").json
        let referenceJob = try call(server, "GET", "fine_tuning/jobs/\(reference)").json
        #expect(resumedJob["status"] as? String == "succeeded", "\(resumedJob)")
        #expect(referenceJob["status"] as? String == "succeeded", "\(referenceJob)")
        #expect(resumedJob["trained_tokens"] as? Int == referenceJob["trained_tokens"] as? Int)

        let resumed = try JobRecord(server, id, model: try #require(resumedJob["fine_tuned_model"] as? String))
        let uninterrupted = try JobRecord(server, reference, model: try #require(referenceJob["fine_tuned_model"] as? String))
        let resumption = try #require(resumed.messages.first { $0.hasPrefix("Fine-tuning job resumed from checkpoint at step ") })
        let step = try #require(Int(resumption.split(separator: " ").last ?? ""))
        #expect(step > 0 && step % 75 == 0, "a checkpoint is an epoch's end: 300 examples / 4 = 75 steps")
        #expect(uninterrupted.metrics.count == 375 && uninterrupted.metrics.values.allSatisfy { $0.count == 1 })
        // Steps trained again after the checkpoint report what they reported before the kill, to the bit.
        #expect(resumed.metrics.values.allSatisfy { reports in reports.allSatisfy { $0 == reports[0] } })
        #expect(resumed.metrics.mapValues { $0[0] } == uninterrupted.metrics.mapValues { $0[0] })
        #expect(resumed.weights == uninterrupted.weights, "the same final weights, to the bit")
        let steps = { (job: String) in
            ((try? call(server, "GET", "fine_tuning/jobs/\(job)/checkpoints").json["data"] as? [[String: Any]]) ?? [])
                .compactMap { $0["step_number"] as? Int }
        }
        #expect(steps(id) == steps(reference) && steps(id) == [375, 300, 225])
    }
}
