import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The trial key in each server-side job's metadata, one entry per job.
func serverJobTrialKeys(_ server: ServeProcess) -> [String] {
    serverJobs(server).compactMap { job in
        guard let data = FileManager.default.contents(atPath: "\(server.folder)/local/jobs/\(job)/job.json"),
              let stored = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let snapshot = stored["job"] as? [String: Any], let metadata = snapshot["metadata"] as? [String: String]
        else { return nil }
        return metadata["ftsweep_trial_key"]
    }
}

/// The ledger's runs, as `runs ls --format json` prints them.
func ledgerRuns(in folder: String) throws -> [[String: Any]] {
    let result = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
}

@Suite(.serialized) struct KillAndResumeTests {
    @Test func aLauncherKilledAtRandomMomentsLosesNoTrialAndPaysForNoneTwice() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("kill-resume")
        remoteSpec(folder, server, trials: "  n_epochs: {value: 1}\n  seed: {values: [\((1...20).map(String.init).joined(separator: ", "))]}")
        var generator = SystemRandomNumberGenerator()
        var delays: [Int] = []
        for round in 0..<12 {
            // The first round launches; later ones resume, unless the first died before the sweep was written.
            let sweepExists = try CommandRunner.ftsweep(["sweep", "status", "resilient"], in: folder).status == 0
            let arguments = round == 0 || !sweepExists ? ["sweep", "launch", "spec.yaml"] : ["sweep", "resume", "resilient"]
            let jobsBefore = serverJobs(server).count
            let process = try CommandRunner.start(arguments + ["--max-parallel", "4"], in: folder)
            // The crash comes at a random moment after this launcher submitted a job (or, once every
            // job exists, while it follows and ingests them), so kills land across every phase.
            Waiting.until(seconds: 60) { !process.isRunning || serverJobs(server).count > jobsBefore || jobsBefore == 20 }
            let delay = Int.random(in: 0...(jobsBefore == 20 ? 1500 : 400), using: &generator)
            delays.append(delay)
            usleep(useconds_t(delay * 1000))  // the random moment of the crash, not a synchronisation
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let last = try CommandRunner.ftsweep(["sweep", "resume", "resilient", "--max-parallel", "4"], in: folder)
        #expect(last.status == 0, "after kills at \(delays) ms: \(last.stdout)\n\(last.stderr)")

        let keys = serverJobTrialKeys(server)
        #expect(keys.count == 20, "server-side jobs after kills at \(delays) ms")
        #expect(Set(keys).count == 20, "one job per trial")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count == 20, "ledger runs after kills at \(delays) ms")
        #expect(Set(runs.compactMap { $0["trial_key"] as? String }) == Set(keys))
        #expect(runs.allSatisfy { $0["state"] as? String == "succeeded" })
        #expect(Set(runs.compactMap { $0["job_id"] as? String }) == Set(serverJobs(server)), "every run holds the one job of its trial")
    }
}

@Suite(.serialized) struct FailurePolicyTests {
    @Test func aSweepFailingEverywhereStopsAtTheBreakerAndSaysWhy() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("breaker")
        remoteSpec(folder, server, trials: "  n_epochs: {values: [1, 2, 3, 4, 5]}\nmax_consecutive_failures: 2")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "-p", "model=no-such-model", "--max-parallel", "1"], in: folder)
        #expect(launch.status == 1)
        #expect(launch.stdout.contains("launching stopped: stopped: 2 trials failed in a row (max_consecutive_failures 2); the last error: HTTP 4"), "\(launch.stdout)")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.count == 2 && runs.allSatisfy { $0["state"] as? String == "failed" })
        // Permanent failures are not retried by a resume unless asked.
        let resume = try CommandRunner.ftsweep(["sweep", "resume", "resilient", "--max-parallel", "1"], in: folder)
        #expect(resume.stdout.contains("2 trials not retried: failed or cancelled before"), "\(resume.stdout)\n\(resume.stderr)")
    }
}
