import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A local job trains inside its launch. When the launcher is killed, the job is not failed: a
/// command that only reads leaves it as it was, and the next owner of the folder (`sweep resume`,
/// `collect --watch`) resumes it from its last checkpoint (docs/serve.md, "Jobs that were training when the server stopped").
@Suite(.serialized) struct LocalResumeCommandTests {
    @Test(arguments: [["sweep", "resume", "local-resume"], ["collect", "--watch", "--interval", "0.2"]])
    func aLocalJobOfAKilledLaunchWaitsForTheNextOwnerWhichResumesItFromItsCheckpoint(owner: [String]) throws {
        let folder = TestPaths.scratchDirectory("local-resume")
        let spec = """
            name: local-resume
            provider: local
            training_file: \(triage)/train.jsonl
            validation_file: \(triage)/valid.jsonl
            seed: 3
            parameters:
              model: {value: local-small}
              n_epochs: {value: 4}
              batch_size: {value: 4}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        let jobs = "\(folder)/.ftsweep/local/jobs"
        let launcher = try CommandRunner.start(["sweep", "launch", "spec.yaml"], in: folder)
        // Killed once its job has saved the state of an ended epoch.
        let saved = {
            ((try? FileManager.default.contentsOfDirectory(atPath: jobs)) ?? [])
                .contains { FileManager.default.fileExists(atPath: "\(jobs)/\($0)/training-state.bin") }
        }
        #expect(Waiting.until(seconds: 120, saved), "no epoch ended")
        kill(launcher.processIdentifier, SIGKILL)
        launcher.waitUntilExit()

        let collect = try CommandRunner.ftsweep(["collect"], in: folder)
        #expect(collect.stdout == "polled 1 run: 0 ended, 1 still going, 0 unreachable\n", "\(collect)")

        let resume = try CommandRunner.ftsweep(owner, in: folder)
        #expect(resume.status == 0, "\(resume)")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count == 1 && runs[0]["state"] as? String == "succeeded", "\(runs)")
        #expect(runs[0]["steps"] as? Int == 300)  // 300 examples / 4 × 4 epochs
        let job = try #require(runs[0]["job_id"] as? String)
        let events = try String(contentsOfFile: "\(jobs)/\(job)/events.jsonl", encoding: .utf8)
        #expect(events.contains("Fine-tuning job resumed from checkpoint at step "))
        #expect(!FileManager.default.fileExists(atPath: "\(jobs)/\(job)/training-state.bin"), "an ended job keeps no state")
    }
}
