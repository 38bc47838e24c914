import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let repository = TestPaths.repository

@Suite(.serialized) struct CollectTests {
    @Test func collectFinishesARunWhoseLauncherDiedAndCollectingTwiceChangesNothing() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("collect")
        let spec = """
            name: collected
            provider: {kind: openai, base_url: "\(server.baseURL)"}
            training_file: \(repository)/experiments/data/triage/train.jsonl
            validation_file: \(repository)/experiments/data/triage/valid.jsonl
            parameters:
              model: {value: local-base}
              n_epochs: {value: 2}
              batch_size: {value: 2}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        try launchThenKillOnceAJobStarts(in: folder)

        let collect = try CommandRunner.ftsweep(["collect", "--watch", "--interval", "0.2"], in: folder)
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("1 ended"))
        let runs = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1 && records[0]["state"] as? String == "succeeded")
        #expect(records[0]["steps"] as? Int == 300)  // 300 examples / 2 × 2 epochs
        #expect(records[0]["full_valid_loss"] != nil)

        let before = try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder).stdout
        let again = try CommandRunner.ftsweep(["collect"], in: folder)
        #expect(again.stdout.hasPrefix("polled 0 runs"))
        #expect(try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder).stdout == before)
    }
}
