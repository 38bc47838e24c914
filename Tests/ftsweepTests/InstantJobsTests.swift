import Foundation
import TestSupport
import Testing

/// `serve --instant-jobs`, which the launch-overhead benchmark stands on: every trial still goes the
/// whole way (upload, job, events, result file, ingest), only the training is skipped.
@Suite struct InstantJobsTests {
    @Test func everyTrialSucceedsAtOnceWithOneStepOfMetricsThatRanks() throws {
        let server = try ServeProcess(arguments: ["--instant-jobs"])
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("instant")
        remoteSpec(folder, server, trials: "  seed: {values: [3, 1, 2]}")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 0, "\(launch.stdout)\n\(launch.stderr)")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.map { $0["state"] as? String } == ["succeeded", "succeeded", "succeeded"])
        #expect(runs.map { $0["steps"] as? Int } == [1, 1, 1])
        #expect(serverJobs(server).count == 3)
        // The loss differs by seed, so the ranking is the seeds' order.
        let best = try CommandRunner.ftsweep(["runs", "ls", "--sort", "full_valid_loss", "--format", "json"], in: folder)
        let ranked = try #require(try JSONSerialization.jsonObject(with: Data(best.stdout.utf8)) as? [[String: Any]])
        #expect(ranked.map { $0["seed"] as? Int } == [1, 2, 3])
    }
}
