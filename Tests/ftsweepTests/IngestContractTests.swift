import Foundation
import TestSupport
import Testing

/// What `ingest` tells a script: the run it made, and no invented settings.
@Suite struct IngestContractTests {
    @Test func jsonNamesTheRunAndAnUnknownSeedStaysUnknown() throws {
        let folder = TestPaths.scratchDirectory("ingest-contract")
        try "step,train_loss\n1,1.5\n2,1.0\n".write(toFile: "\(folder)/steps.csv", atomically: true, encoding: .utf8)
        let training = "training=\(TestPaths.repository)/experiments/data/triage/train.jsonl"
        let arguments = ["ingest", "steps.csv", "--new-run", "model=gpt-4o-mini-2024-07-18", training, "--format", "json"]
        let first = try CommandRunner.ftsweep(arguments, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let run = try #require(summary["run"] as? Int)
        #expect(summary["already_imported"] as? Bool == false)
        #expect((summary["files"] as? [[String: Any]])?.first?["metric_rows"] as? Int == 2)

        let again = try CommandRunner.ftsweep(arguments, in: folder)
        let repeated = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(repeated["run"] as? Int == run && repeated["already_imported"] as? Bool == true)

        let show = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["seed"] == nil, "no seed was given, so none is shown: \(runs)")

        let bad = try CommandRunner.ftsweep(["ingest", "steps.csv", "--new-run", "model=gpt-4o-mini-2024-07-18", training, "seed=x"], in: folder)
        #expect(bad.status == 64 && bad.stderr == "error: seed: expected a whole number; found 'x'\n", "\(bad.stderr)")
    }
}
