import Foundation
import TestSupport
import Testing

/// A run whose figures diverged (inf, -inf, NaN, 1e400, 1e308) is a result worth seeing, never a best
/// candidate, and no output path fails on it.
@Suite struct DivergedRunTests {
    @Test func aDivergedRunIsShownNeverRankedAndEveryOutputHandlesIt() throws {
        let folder = TestPaths.scratchDirectory("diverged")
        let training = "training=\(TestPaths.repository)/experiments/data/triage/train.jsonl"
        try "step,train_loss,valid_loss\n1,1.5,1.4\n2,1.0,1.1\n".write(toFile: "\(folder)/good.csv", atomically: true, encoding: .utf8)
        try "step,train_loss,valid_loss\n1,1.2,0.5\n2,inf,-inf\n3,1e400,nan\n4,1e308,0.1\n"
            .write(toFile: "\(folder)/bad.csv", atomically: true, encoding: .utf8)
        for (file, seed) in [("good.csv", 1), ("bad.csv", 2)] {
            let ingest = try CommandRunner.ftsweep(
                ["ingest", file, "--new-run", "model=gpt-4o-mini-2024-07-18", training, "seed=\(seed)"], in: folder)
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        let best = try CommandRunner.ftsweep(["best", "-q", "--metric", "min_valid_loss"], in: folder)
        #expect(best.status == 0, "\(best.stderr)")
        let runs = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        #expect(runs.status == 0, "\(runs.stderr)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        let diverged = try #require(decoded.first { $0["seed"] as? Int == 2 })
        #expect(diverged["min_valid_loss"] == nil, "a diverged run has no summary figure: \(diverged)")
        let good = try #require(decoded.first { $0["seed"] as? Int == 1 })
        #expect(good["min_valid_loss"] as? Double == 1.1)
        let bestRun = try CommandRunner.ftsweep(["best", "--metric", "min_valid_loss", "--format", "json"], in: folder)
        #expect((try JSONSerialization.jsonObject(with: Data(bestRun.stdout.utf8)) as? [String: Any])?["seed"] as? Int == 1)

        let id = try #require(diverged["id"] as? Int)
        let show = try CommandRunner.ftsweep(["runs", "show", String(id), "--format", "json"], in: folder)
        #expect(show.status == 0 && show.stdout.contains("\"inf\""), "\(show.stdout)\(show.stderr)")
        for command in [["runs", "show", String(id)], ["runs", "ls", "--format", "csv"], ["export"]] {
            let result = try CommandRunner.ftsweep(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }
}
