import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let repository = TestPaths.repository

func remoteSpec(_ folder: String, _ server: ServeProcess, trials: String) {
    let text = """
        name: resilient
        provider: {kind: openai, base_url: "\(server.baseURL)"}
        training_file: \(repository)/experiments/data/triage/train.jsonl
        validation_file: \(repository)/experiments/data/triage/valid.jsonl
        seed: 2
        parameters:
          model: {value: local-small}
          batch_size: {value: 64}
        \(trials)
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(text.utf8))
}

func serverJobs(_ server: ServeProcess) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "\(server.folder)/local/jobs")) ?? []).filter { $0.hasPrefix("ftjob-") }
}

@Suite(.serialized) struct ResilienceTests {
    @Test func theDemoSweepUnderInjectedFaultsCompletesWithOneServerJobPerTrial() throws {
        let server = try ServeProcess(arguments: ["--faults", "429=0.1,500=0.05,drop=0.02,seed=11"])
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("faults")
        let demo = try String(contentsOfFile: "\(repository)/experiments/sweeps/triage.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../data/", with: "\(repository)/experiments/data/")
            .replacingOccurrences(of: "provider: local", with: "provider: {kind: openai, base_url: \"\(server.baseURL)\"}")
        try demo.write(toFile: "\(folder)/spec.yaml", atomically: true, encoding: .utf8)
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 0, "\(launch.stdout)\n\(launch.stderr)")
        #expect(launch.stdout.contains("sweep triage-demo: 16 ran, 0 skipped (already finished), 0 not succeeded"))
        #expect(serverJobs(server).count == 16)
    }

    @Test func aRelaunchAdoptsTheJobALauncherKilledMidCreateLeftBehind() throws {
        // Every response comes 1.5 s after the work is done: the job exists before its id reaches the launcher.
        let server = try ServeProcess(arguments: ["--faults", "latency=1:1500ms"])
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("adopt")
        remoteSpec(folder, server, trials: "  n_epochs: {value: 1}")
        let process = try CommandRunner.start(["sweep", "launch", "spec.yaml"], in: folder)
        Waiting.until(seconds: 90) { !serverJobs(server).isEmpty }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(serverJobs(server).count == 1)
        let before = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let intents = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [[String: Any]])
        #expect(intents.count == 1 && intents[0]["job_id"] == nil, "the intent is written, the job id never came back")

        let relaunch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--format", "json"], in: folder)
        #expect(relaunch.status == 0, "\(relaunch.stderr)")
        #expect(serverJobs(server).count == 1)
        let after = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs[0]["state"] as? String == "succeeded")
        #expect(runs[0]["job_id"] as? String == serverJobs(server).first)
    }
}

@Suite(.serialized) struct DailyCapTests {
    @Test func aDailyCapStopsLaunchingAndKeepsTheSweepsState() throws {
        let server = try ServeProcess(arguments: ["--faults", "daily=1"])
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("daily")
        remoteSpec(folder, server, trials: "  n_epochs: {values: [1, 2, 3]}")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--max-parallel", "1"], in: folder)
        #expect(launch.status == 1)
        #expect(launch.stdout.contains("launching stopped: the daily fine-tuning job limit is reached (429)"))
        #expect(serverJobs(server).isEmpty)
        let runs = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1 && records[0]["state"] as? String == "pending", "one trial tried, none started after the cap")
        let sweeps = try CommandRunner.ftsweep(["sweep", "ls", "--format", "json"], in: folder)
        #expect(sweeps.stdout.contains("\"state\" : \"halted\""))
    }
}

@Suite(.serialized) struct ReproduceElsewhereTests {
    @Test func aRemoteRunReproducedLocallyGivesTheSameResults() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("elsewhere")
        remoteSpec(folder, server, trials: "  n_epochs: {value: 1}")
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let local = try CommandRunner.ftsweep(["reproduce", "1", "--provider", "local", "--format", "json"], in: folder)
        #expect(local.status == 0, "\(local.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder).stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs.map { $0["provider"] as? String } == ["openai@\(server.baseURL)", "local"])
        #expect(runs[0]["full_valid_loss"] as? Double == runs[1]["full_valid_loss"] as? Double)
        let sweeps = try CommandRunner.ftsweep(["sweep", "ls", "--format", "json"], in: folder).stdout
        #expect(sweeps.contains("\"provider\" : \"openai@\(server.baseURL)\""), "the sweep keeps its spec's provider: \(sweeps)")
    }
}
