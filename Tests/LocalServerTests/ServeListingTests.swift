import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

/// Bytes a process has read so far (`rchar` of /proc/PID/io: every read of a file or socket).
private func bytesRead(_ pid: Int32) throws -> Int {
    let io = try String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)
    let line = try #require(io.split(separator: "\n").first { $0.hasPrefix("rchar:") })
    return try #require(Int(line.dropFirst("rchar:".count).trimmingCharacters(in: .whitespaces)))
}

/// Issue 16: listing jobs pages through an index instead of reading every job's file on each call.
@Suite(.serialized) struct ServeListingTests {
    static let jobs = 2_000

    @Test func aListingPageOf2000JobsReadsThePagesJobsNotEveryJobFile() async throws {
        // The jobs are made through the provider's own API, as a server would make them; instant jobs
        // end at once, so nothing trains.
        let folder = TestPaths.scratchDirectory("listing")
        let provider = LocalProvider(root: "\(folder)/local", finishesJobsAtOnce: true)
        let file = try await provider.upload(path: "\(TestPaths.repository)/experiments/data/triage/train.jsonl", digest: "sha256:1157")
        var ids: [JobID] = []
        for index in 0..<Self.jobs {
            ids.append(try await provider.createJob(JobRequest(
                model: "local-small", trainingFile: file, validationFile: nil, hyperparameters: [:], suffix: nil, seed: index,
                metadata: ["ftsweep_trial_key": "trial-\(index)"])).id)
        }
        #expect(try await Waiting.until { try await ids.asyncAllSatisfy { try await provider.job($0).status.isTerminal } })
        let jobFiles = try ids.reduce(0) { total, id in
            total + ((try FileManager.default.attributesOfItem(atPath: "\(folder)/local/jobs/\(id)/job.json")[.size] as? Int) ?? 0)
        }

        let server = try ServeProcess(folder: folder)
        defer { server.stop() }
        // The first listing builds the index: one read of each job.
        let first = try call(server, "GET", "fine_tuning/jobs?limit=20")
        #expect(first.json["has_more"] as? Bool == true)

        let before = try bytesRead(server.pid)
        let page = try call(server, "GET", "fine_tuning/jobs?limit=20")
        let pageIDs = (page.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        // As the client's adopt-by-metadata lookup asks (OpenAIProvider.jobs(metadata:)).
        let adopt = try call(server, "GET", "fine_tuning/jobs?limit=100&metadata%5Bftsweep_trial_key%5D=trial-1234")
        let read = try bytesRead(server.pid) - before

        #expect(pageIDs.count == 20 && page.json["has_more"] as? Bool == true)
        let found = (adopt.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(found == [ids[1234].rawValue])
        // Both answers together read about 21 jobs' files (and two requests), not 2,000.
        #expect(read < jobFiles / 20, "the two listings read \(read) bytes; all job files hold \(jobFiles)")
    }
}

extension Sequence {
    fileprivate func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where !(try await predicate(element)) { return false }
        return true
    }
}
