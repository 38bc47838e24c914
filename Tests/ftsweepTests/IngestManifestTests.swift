import Foundation
import TestSupport
import Testing

/// `ingest --manifest`: many runs from elsewhere in one transaction, all or none.
@Suite struct IngestManifestTests {
    private func folder(lines: [String]) throws -> String {
        let folder = TestPaths.scratchDirectory("manifest")
        try FileManager.default.createDirectory(atPath: "\(folder)/results", withIntermediateDirectories: true)
        try "step,train_loss,valid_loss\n1,1.5,\n2,1.0,1.2\n".write(toFile: "\(folder)/results/a.csv", atomically: true, encoding: .utf8)
        try "step,train_loss,valid_loss\n1,1.4,\n2,0.8,0.9\n3,0.7,\n".write(toFile: "\(folder)/results/b.csv", atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(folder)/results/manifest.jsonl", atomically: true, encoding: .utf8)
        return folder
    }

    private func line(_ file: String, seed: Int, epochs: Int) -> String {
        #"{"file": "\#(file)", "model": "gpt-4o-mini-2024-07-18", "training": "\#(TestPaths.repository)/experiments/data/triage/train.jsonl", "n_epochs": \#(epochs), "learning_rate_multiplier": 0.5, "seed": \#(seed)}"#
    }

    @Test func everyLineBecomesASucceededRunWithItsSettingsAndRows() throws {
        let folder = try folder(lines: [line("a.csv", seed: 1, epochs: 2), line("b.csv", seed: 2, epochs: 3)])
        let result = try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try ledgerRuns(in: folder)
        #expect(runs.map { $0["state"] as? String } == ["succeeded", "succeeded"])
        #expect(runs.map { $0["n_epochs"] as? Int } == [2, 3])
        #expect(runs.map { $0["seed"] as? Int } == [1, 2])
        #expect(runs.map { $0["steps"] as? Int } == [2, 3])
        #expect(runs.map { $0["min_valid_loss"] as? Double } == [1.2, 0.9])
    }

    /// A legacy `compiled_results.csv` keeps its `classification/*` columns as catalogue metrics.
    @Test func legacyClassificationFiguresFilterSortAndRank() throws {
        let folder = try folder(lines: [line("a.csv", seed: 1, epochs: 2), line("legacy.csv", seed: 2, epochs: 3)])
        try FileManager.default.copyItem(
            atPath: TestPaths.fixture("OrchestrationTests", "ingest/compiled_results.csv"), toPath: "\(folder)/results/legacy.csv")
        #expect(try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl"], in: folder).status == 0)
        let listed = try CommandRunner.ftsweep(["runs", "ls", "--where", "classification_accuracy > 0.9", "--format", "json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], "\(listed.stderr)")
        #expect(runs.map { $0["seed"] as? Int } == [2] && runs.first?["classification_auroc"] as? Double == 0.95)
        let sorted = try CommandRunner.ftsweep(["runs", "ls", "--sort", "-classification_f1", "--format", "csv"], in: folder)
        #expect(sorted.stdout.split(separator: "\n").first?.contains("classification_f1") == true, "\(sorted.stdout)")
        let best = try CommandRunner.ftsweep(["best", "--metric", "classification_accuracy", "--format", "json"], in: folder)
        #expect(best.status == 0 && best.stdout.contains("\"classification_accuracy\" : 0.91"), "\(best.stdout)\(best.stderr)")
    }

    @Test func aBadLineNamesItselfAndWritesNothing() throws {
        let folder = try folder(lines: [line("a.csv", seed: 1, epochs: 2), line("missing.csv", seed: 2, epochs: 3)])
        let result = try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl"], in: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("results/manifest.jsonl:2: cannot read"), "\(result.stderr)")
        #expect(try ledgerRuns(in: folder).isEmpty)
    }

    @Test func theManifestIsGivenAlone() throws {
        let folder = try folder(lines: [line("a.csv", seed: 1, epochs: 2)])
        let result = try CommandRunner.ftsweep(["ingest", "results/a.csv", "--manifest", "results/manifest.jsonl"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--manifest names the files and makes the runs"))
    }

    @Test func importingTheSameManifestTwiceMakesNoSecondRuns() throws {
        let folder = try folder(lines: [line("a.csv", seed: 1, epochs: 2), line("b.csv", seed: 2, epochs: 3)])
        let first = try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl"], in: folder)
        #expect(first.status == 0 && first.stdout == "2 runs (1…2), 5 metric rows\n", "\(first.stdout)\(first.stderr)")
        let second = try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "0 runs (none), 0 metric rows; 2 already imported before (runs 1…2), left as they were\n")
        #expect(try ledgerRuns(in: folder).count == 2)
        // Other settings for the same file are another run.
        try (line("a.csv", seed: 9, epochs: 2) + "\n").write(toFile: "\(folder)/results/manifest.jsonl", atomically: true, encoding: .utf8)
        let other = try CommandRunner.ftsweep(["ingest", "--manifest", "results/manifest.jsonl"], in: folder)
        #expect(other.stdout == "1 run (3), 2 metric rows\n", "\(other.stdout)\(other.stderr)")
    }

    @Test func importingTheSameFilesAsANewRunTwiceMakesOneRun() throws {
        let folder = try folder(lines: [])
        let arguments = ["ingest", "results/a.csv", "--new-run", "model=gpt-4o-mini-2024-07-18",
                         "training=\(TestPaths.repository)/experiments/data/triage/train.jsonl", "seed=3"]
        let first = try CommandRunner.ftsweep(arguments, in: folder)
        #expect(first.status == 0 && first.stdout.hasPrefix("run 1:\n"), "\(first.stdout)\(first.stderr)")
        let second = try CommandRunner.ftsweep(arguments, in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "run 1 already holds these files with these settings; nothing was imported\n")
        #expect(try ledgerRuns(in: folder).count == 1)
    }
}
