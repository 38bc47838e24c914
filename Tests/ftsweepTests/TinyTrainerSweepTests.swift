import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

@Suite(.serialized) struct TinyTrainerSweepTests {
    // Skipped, not failed, where Python with NumPy cannot be had: the trainer is the user's program.
    @Test(
        .enabled(
            if: trainerPython != nil,
            "needs python3 with NumPy (none on PATH, and pip could not install it into .build/trainer-venv)"))
    func theExampleTrainerIsSweptRankedFromItsStreamedMetricsPromotedAndReproduced() throws {
        let folder = TestPaths.scratchDirectory("tiny-trainer")
        let spec = try String(contentsOfFile: "\(repository)/experiments/sweeps/command-tiny.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../", with: "\(repository)/experiments/")
            .replacingOccurrences(of: "python3 train.py", with: "\(trainerPython ?? "python3") train.py")
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))

        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--format", "json"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(launch.stdout.utf8)) as? [String: Any])
        let ranked = try #require(summary["ranked"] as? [[String: Any]])
        #expect(ranked.count == 4)
        let losses = ranked.compactMap { number($0["full_valid_loss"]) }
        #expect(losses.count == 4 && losses == losses.sorted(), "ranked by full_valid_loss")
        // Every number came from the trainer's metrics.jsonl through events: no result file exists,
        // and each run's full_valid_loss is its trainer's last line.
        for run in ranked {
            let job = try #require(run["job_id"] as? String)
            let runDirectory = "\(folder)/.ftsweep/command-runs/\(job)/run"
            #expect(!FileManager.default.fileExists(atPath: "\(runDirectory)/results.csv"))
            let lines = try String(contentsOfFile: "\(runDirectory)/metrics.jsonl", encoding: .utf8).split(
                separator: "\n")
            let lastLine = try #require(lines.last)
            let last = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
            #expect(number(last["full_valid_loss"]) == number(run["full_valid_loss"]))
            #expect(run["steps"] as? Int == lines.count)
            #expect(run["fine_tuned_model"] as? String == "\(runDirectory)/model.npz")
        }

        let bestRun = try #require(ranked.first)
        let best = try CommandRunner.ftsweep(["best", "-q", "--sweep", "command-tiny"], in: folder)
        #expect(best.stdout == "\(try #require(bestRun["fine_tuned_model"] as? String))\n")
        let promote = try CommandRunner.ftsweep(
            ["promote", best.stdout.trimmingCharacters(in: .newlines), "--alias", "prod"], in: folder)
        #expect(promote.status == 0, "\(promote.stderr)")
        #expect(
            promote.stdout.contains(
                "prod → \(best.stdout.trimmingCharacters(in: .newlines)) (run \(try #require(bestRun["id"] as? Int)))"))

        let original = try #require(bestRun["id"] as? Int)
        let reproduce = try CommandRunner.ftsweep(["reproduce", String(original), "--format", "json"], in: folder)
        #expect(reproduce.status == 0, "\(reproduce.stderr)")
        let rerun = try #require(try JSONSerialization.jsonObject(with: Data(reproduce.stdout.utf8)) as? [String: Any])
        #expect(rerun["trial_key"] as? String == bestRun["trial_key"] as? String && rerun["attempt"] as? Int == 2)
        #expect(rerun["job_id"] as? String != bestRun["job_id"] as? String)
        // The trainer is seeded: the same trial trains to the same numbers.
        #expect(number(rerun["full_valid_loss"]) == number(bestRun["full_valid_loss"]))
    }
}
