import Foundation
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// Six local trials slow enough (five epochs at batch size 4) that a pause or cancel lands while they run.
private func slowSweep() -> String {
    let folder = TestPaths.scratchDirectory("lifecycle")
    let spec = """
        name: slow
        training_file: \(triage)/train.jsonl
        validation_file: \(triage)/valid.jsonl
        parameters:
          model: {value: local-small}
          n_epochs: {value: 5}
          batch_size: {value: 4}
          learning_rate_multiplier: {value: 0.5}
          seed: {values: [1, 2, 3, 4, 5, 6]}
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
    return folder
}

/// Waits until a local job of the sweep is training (its events file exists).
private func waitForTraining(in folder: String) {
    let jobs = "\(folder)/.ftsweep/local/jobs"
    Waiting.until(seconds: 600) {
        ((try? FileManager.default.contentsOfDirectory(atPath: jobs)) ?? []).contains { FileManager.default.fileExists(atPath: "\(jobs)/\($0)/events.jsonl") }
    }
}

private func jobStatus(_ folder: String, _ job: String) -> String? {
    guard let data = FileManager.default.contents(atPath: "\(folder)/.ftsweep/local/jobs/\(job)/job.json"),
          let stored = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
    return (stored["job"] as? [String: Any])?["status"] as? String
}

@Suite struct LifecycleCommandTests {
    @Test func aPausedSweepStartsNothingNewLetsRunningJobsFinishAndResumesWithoutRepeats() throws {
        let folder = slowSweep()
        let launch = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--max-parallel", "1"], in: folder)
        waitForTraining(in: folder)
        let pause = try CommandRunner.ftsweep(["sweep", "pause", "slow"], in: folder)
        #expect(pause.status == 0 && pause.stdout.hasPrefix("paused sweep slow"), "\(pause.stdout)\(pause.stderr)")
        launch.waitUntilExit()
        #expect(launch.terminationStatus == 0, "a pause is not a failure")
        let paused = try ledgerRuns(in: folder)
        #expect(paused.count < 6 && paused.allSatisfy { $0["state"] as? String == "succeeded" }, "the running job finished; no new one started")
        let status = try CommandRunner.ftsweep(["sweep", "status", "slow"], in: folder)
        #expect(status.stdout.hasPrefix("sweep 1 slow: paused (paused by the user)"), "\(status.stdout)")

        let resume = try CommandRunner.ftsweep(["sweep", "resume", "slow", "--max-parallel", "2"], in: folder)
        #expect(resume.status == 0, "\(resume.stderr)")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count == 6 && Set(runs.compactMap { $0["trial_key"] as? String }).count == 6)
        #expect(runs.allSatisfy { $0["state"] as? String == "succeeded" })
    }

    @Test func cancellingASweepCancelsItsJobsAndStartsNothingMore() throws {
        let folder = slowSweep()
        let launch = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--max-parallel", "2"], in: folder)
        waitForTraining(in: folder)
        let cancel = try CommandRunner.ftsweep(["sweep", "cancel", "slow", "--format", "json"], in: folder)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(cancel.stdout.utf8)) as? [String: Any])
        let cancelled = try #require(summary["cancelled_runs"] as? [Int])
        #expect(!cancelled.isEmpty)
        launch.waitUntilExit()
        #expect(launch.terminationStatus == 130)
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count < 6, "no trial started after the cancel")
        for run in runs where cancelled.contains(run["id"] as? Int ?? 0) {
            #expect(run["state"] as? String == "cancelled")
            let job = try #require(run["job_id"] as? String)
            #expect(Waiting.until { jobStatus(folder, job) == "cancelled" }, "the job itself was cancelled")
        }
        let resume = try CommandRunner.ftsweep(["sweep", "resume", "slow"], in: folder)
        #expect(resume.status == 1 && resume.stderr == "error: sweep slow was cancelled; launch it under another name to run it again\n")
    }

    @Test func cancellingOneRunLeavesTheRestOfTheSweepGoing() throws {
        let folder = slowSweep()
        let launch = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--max-parallel", "1"], in: folder)
        waitForTraining(in: folder)
        let running = try #require(try ledgerRuns(in: folder).first { $0["job_id"] != nil && $0["state"] as? String != "succeeded" })
        let id = try #require(running["id"] as? Int)
        let cancel = try CommandRunner.ftsweep(["runs", "cancel", String(id)], in: folder)
        #expect(cancel.status == 0 && cancel.stdout.hasPrefix("cancelled run \(id)"), "\(cancel.stdout)\(cancel.stderr)")
        launch.waitUntilExit()
        #expect(launch.terminationStatus == 1, "a trial without a result is not a clean launch")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count == 6)
        #expect(runs.filter { $0["state"] as? String == "cancelled" }.compactMap { $0["id"] as? Int } == [id])
        #expect(runs.filter { $0["state"] as? String == "succeeded" }.count == 5)
        // A resume does not retry the cancelled trial unless asked to.
        let resume = try CommandRunner.ftsweep(["sweep", "resume", "slow"], in: folder)
        #expect(resume.stdout.contains("1 trial not retried: failed or cancelled before"), "\(resume.stdout)")
        let again = try CommandRunner.ftsweep(["runs", "cancel", String(id)], in: folder)
        #expect(again.status == 1 && again.stderr == "error: run \(id) already ended: cancelled\n")
    }
}
