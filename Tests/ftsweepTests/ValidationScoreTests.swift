import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let repository = TestPaths.repository
private let validation = "\(repository)/experiments/data/triage/valid.jsonl"

private func objects(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

/// The one figure of `ftsweep eval --format json` for one model.
private func evalAccuracy(_ target: String, force: Bool, in folder: String) throws -> Double? {
    let result = try CommandRunner.ftsweep(["eval", target, "--test", validation, "--format", "json"] + (force ? ["--force"] : []), in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    return try objects(result.stdout).first?["accuracy"] as? Double
}

/// `metric: {name: valid_exact_match}`: each finished model answers the validation file through its
/// provider, stored as `eval` stores it, and that score ranks the sweep everywhere.
@Suite(.serialized) struct ValidationScoreTests {
    @Test func aSweepRankedByExactMatchScoresEachModelAsEvalDoesAndRanksByIt() throws {
        let folder = TriageSweep.workspace(
            "vx", parameters: ["model: {value: local-small}", "n_epochs: {value: 2}", "batch_size: {value: 8}", "learning_rate_multiplier: {values: [0.02, 2]}"],
            extra: ["metric: {name: valid_exact_match}"])
        let plan = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(plan.stdout.contains("scoring    each succeeded model answers the 75 validation examples"), "\(plan.stdout)")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--format", "json"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(launch.stdout.utf8)) as? [String: Any])
        let ranked = try #require(summary["ranked"] as? [[String: Any]])
        let scores = ranked.compactMap { $0["valid_exact_match"] as? Double }
        let ids = ranked.compactMap { $0["id"] as? Int }
        #expect(ranked.count == 2 && scores.count == 2 && ids.count == 2)
        #expect(scores == scores.sorted(by: >) && scores[0] > scores[1], "the launch ranks by the stored score: \(scores)")

        // The stored score is eval's figure of the same model on the same bytes: eval finds it in the
        // ledger, and asking again gives the same figure.
        for (id, score) in zip(ids, scores) {
            let reused = try CommandRunner.ftsweep(["eval", String(id), "--test", validation], in: folder)
            #expect(reused.status == 0 && reused.stdout.split(separator: "\n").filter { $0.hasSuffix("ledger") }.count == 1, "\(reused.stdout)")
            #expect(try evalAccuracy(String(id), force: true, in: folder) == score)
        }

        // Every ranking reads it: best, runs ls --sort, sweep status; and --where filters by it.
        let best = try CommandRunner.ftsweep(["best", "-q"], in: folder)
        #expect(best.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ranked[0]["fine_tuned_model"] as? String)
        let sorted = try objects(try CommandRunner.ftsweep(["runs", "ls", "--sort", "-valid_exact_match", "--format", "json"], in: folder).stdout)
        #expect(sorted.compactMap { $0["id"] as? Int } == ids)
        let status = try #require(try JSONSerialization.jsonObject(with: Data(
            try CommandRunner.ftsweep(["sweep", "status", "vx", "--format", "json"], in: folder).stdout.utf8)) as? [String: Any])
        #expect((status["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == ids)
        let better = try objects(try CommandRunner.ftsweep(["runs", "ls", "--where", "valid_exact_match > \(scores[1])", "--format", "json"], in: folder).stdout)
        #expect(better.compactMap { $0["id"] as? Int } == [ids[0]])
    }

    @Test func aJobThatEndsAfterItsLauncherIsScoredByCollectThroughItsProvider() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("collect-scored")
        let spec = """
            name: scored
            provider: {kind: openai, base_url: "\(server.baseURL)"}
            metric: {name: valid_exact_match}
            training_file: \(repository)/experiments/data/triage/train.jsonl
            validation_file: \(validation)
            parameters:
              model: {value: local-base}
              n_epochs: {value: 2}
              batch_size: {value: 2}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        try launchThenKillOnceAJobStarts(in: folder)

        let collect = try CommandRunner.ftsweep(["collect", "--watch", "--interval", "0.2"], in: folder)
        #expect(collect.status == 0 && collect.stdout.contains("scored 1 model on the validation file"), "\(collect.stdout)\(collect.stderr)")
        let run = try #require(try objects(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder).stdout).first)
        let score = try #require(run["valid_exact_match"] as? Double)
        let id = try #require(run["id"] as? Int)
        #expect(try evalAccuracy(String(id), force: true, in: folder) == score)
        #expect(try CommandRunner.ftsweep(["collect"], in: folder).stdout.hasPrefix("polled 0 runs: 0 ended"))
    }

    @Test func aSpecThatCannotBeScoredIsRefusedBeforeAnythingRuns() throws {
        let folder = TestPaths.scratchDirectory("scored-refused")
        let lines = ["name: refused", "training_file: \(repository)/experiments/data/triage/train.jsonl", "metric: {name: valid_exact_match}",
                     "parameters:", "  model: {value: local-small}"]
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        for command in [["sweep", "plan"], ["sweep", "launch"]] {
            let result = try CommandRunner.ftsweep(command + ["spec.yaml"], in: folder)
            #expect(result.status == 64)
            #expect(result.stderr == "error: spec.yaml:3: metric.name: valid_exact_match scores each finished model's answers on the validation file; "
                + "add validation_file (chat examples ending in the reference answer)\n")
        }
        // A validation file whose examples cannot be asked and scored is refused before anything runs.
        let unscorable = try String(contentsOfFile: validation, encoding: .utf8).split(separator: "\n").prefix(12).joined(separator: "\n")
            + "\n" + #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"bug"},{"role":"user","content":"and?"}]}"# + "\n"
        _ = FileManager.default.createFile(atPath: "\(folder)/v.jsonl", contents: Data(unscorable.utf8))
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data((lines + ["validation_file: v.jsonl"]).joined(separator: "\n").utf8 + [10]))
        let refused = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: v.jsonl:13: messages: expected the last message to be the assistant's reference answer "
            + "(valid_exact_match asks each model the validation file's questions and scores its answers as eval does)\n")

        // The issue's spelling names the trainer's token accuracy: one line says what to write instead.
        let renamed = lines.map { $0.replacingOccurrences(of: "valid_exact_match", with: "valid_accuracy") } + ["validation_file: \(validation)"]
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data((renamed.joined(separator: "\n") + "\n").utf8))
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 64 && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.hasPrefix("error: spec.yaml:3: metric.name: valid_accuracy is the trainer's token accuracy") && result.stderr.contains("write valid_exact_match"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/.ftsweep/ledger.sqlite"))
        let best = try CommandRunner.ftsweep(["best", "--metric", "valid_accuracy"], in: folder)
        #expect(best.status == 64 && best.stderr.split(separator: "\n").count == 1 && best.stderr.contains("write valid_exact_match"), "\(best.stderr)")
    }
}
