import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

/// A folder with two real local fine-tunes of the triage data and a 20-example test set.
private func evaluatedWorkspace() throws -> String {
    let folder = try TriageSweep.launched(
        "ev", parameters: ["model: {value: local-small}", "batch_size: {value: 8}", "learning_rate_multiplier: {value: 2}", "n_epochs: {values: [2, 3]}"])
    let lines = try String(contentsOfFile: "\(repository)/experiments/data/triage/test.jsonl", encoding: .utf8).split(separator: "\n").prefix(20)
    _ = FileManager.default.createFile(atPath: "\(folder)/test.jsonl", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    return folder
}

private struct StoredEvaluation: Decodable {
    var model: String
    var runID: Int?
    var accuracy: Double
    var macroF1: Double?
    var examples: Int
    var kind: String

    enum CodingKeys: String, CodingKey {
        case model, runID = "run_id", accuracy, macroF1 = "macro_f1", examples, kind
    }
}

private struct Samples: Decodable {
    struct Sample: Decodable {
        var line: Int
        var reference: String
        var answers: [String]
        var agree: Bool
        var correct: [Bool]
    }
    var models: [String]
    var samples: [Sample]
}

private func evaluations(_ result: CommandResult) throws -> [StoredEvaluation] {
    try JSONDecoder().decode([StoredEvaluation].self, from: Data(result.stdout.utf8))
}

@Suite struct EvalCommandTests {
    @Test func evalStoresFiguresOnceSortsRunsAndGatesPromotion() throws {
        let folder = try evaluatedWorkspace()
        let first = try CommandRunner.ftsweep(["eval", "--sweep", "ev", "--top", "2", "local-small", "--test", "test.jsonl", "--format", "json"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let scored = try evaluations(first)
        #expect(scored.map(\.model).first == "local-small" && scored.count == 3)
        #expect(scored.allSatisfy { $0.examples == 20 && $0.kind == "labels" })
        let base = try #require(scored.first), tuned = scored.filter { $0.runID != nil }
        #expect(tuned.allSatisfy { $0.accuracy > base.accuracy }, "fine-tuning beats the base model: \(scored.map(\.accuracy))")

        // Asked again: the same figures come from the ledger, and the table says so.
        let again = try CommandRunner.ftsweep(["eval", "--sweep", "ev", "--top", "2", "local-small", "--test", "test.jsonl"], in: folder)
        #expect(again.status == 0 && again.stdout.split(separator: "\n").filter { $0.hasSuffix("ledger") }.count == 3)

        // Runs sort by their model's evaluation; the figure is a column.
        let sorted = try CommandRunner.ftsweep(["runs", "ls", "--sort", "-eval.accuracy", "--format", "csv"], in: folder)
        #expect(sorted.status == 0 && sorted.stdout.split(separator: "\n")[0].contains("eval.accuracy"))
        let best = try #require(tuned.max { $0.accuracy < $1.accuracy })
        #expect(sorted.stdout.split(separator: "\n")[1].split(separator: ",")[1] == Substring(String(best.runID ?? 0)))
        let filtered = try CommandRunner.ftsweep(["runs", "ls", "--where", "eval.accuracy > \(base.accuracy)", "--format", "json"], in: folder)
        #expect(filtered.status == 0 && filtered.stdout.components(separatedBy: "\"trial_key\"").count - 1 == tuned.count)

        // The same prompts side by side: the base model against the best fine-tune.
        let samples = try CommandRunner.ftsweep(["compare", "local-small", String(best.runID ?? 0), "--samples", "4", "--test", "test.jsonl", "--format", "json"], in: folder)
        #expect(samples.status == 0, "\(samples.stderr)")
        let comparison = try JSONDecoder().decode(Samples.self, from: Data(samples.stdout.utf8))
        #expect(comparison.models == ["local-small", best.model] && comparison.samples.map(\.line) == [1, 6, 11, 16])
        for sample in comparison.samples {
            #expect(sample.correct == sample.answers.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) == sample.reference })
            #expect(sample.agree == (Set(sample.answers.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }).count == 1))
        }
        let text = try CommandRunner.ftsweep(["compare", "local-small", String(best.runID ?? 0), "--samples", "2", "--test", "test.jsonl"], in: folder)
        #expect(text.stdout.contains("sample 2, test line 11") && text.stdout.contains("  reference: ") && text.stdout.contains("matches the reference: local-small "))

        let shown = try CommandRunner.ftsweep(["runs", "show", String(best.runID ?? 0)], in: folder)
        #expect(shown.stdout.contains("eval              accuracy \(String(format: "%.3f", best.accuracy)), macro F1 ") && shown.stdout.contains(" on 20 examples of "))

        // Promotion on evaluation figures: the base model holds the alias; a fine-tune beats it.
        #expect(try CommandRunner.ftsweep(["promote", "local-small", "--alias", "prod", "--force"], in: folder).status == 0)
        let promoted = try CommandRunner.ftsweep(["promote", String(best.runID ?? 0), "--alias", "prod", "--require-better", "--by", "eval.accuracy"], in: folder)
        #expect(promoted.status == 0, "\(promoted.stderr)")
        let back = try CommandRunner.ftsweep(["promote", "local-small", "--alias", "prod", "--require-better", "--by", "eval.accuracy", "--force"], in: folder)
        #expect(back.status == 1 && back.stderr.contains("is not better than the current holder") && back.stderr.contains("eval.accuracy on test.jsonl"))
    }

    @Test func anAPIModelIsAskedOverHTTPWithTheSameFigures() throws {
        let folder = try evaluatedWorkspace()
        let model = try CommandRunner.ftsweep(["best", "-q"], in: folder).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let local = try evaluations(try CommandRunner.ftsweep(["eval", model, "--test", "test.jsonl", "--format", "json"], in: folder))
        // The server trains and answers from the same folder; a ledger that knows no run sends the model over HTTP.
        let server = try ServeProcess(arguments: ["--ledger", "\(folder)/.ftsweep/ledger.sqlite"])
        defer { server.stop() }
        let remote = try CommandRunner.ftsweep(
            ["eval", model, "--test", "test.jsonl", "--base-url", server.baseURL, "--ledger", "other.sqlite", "--max-parallel", "3", "--format", "json"],
            in: folder, environment: ["OPENAI_API_KEY": ""])
        #expect(remote.status == 0, "\(remote.stderr)")
        let answered = try evaluations(remote)
        #expect(answered.count == 1 && answered[0].runID == nil && answered[0].accuracy == local[0].accuracy && answered[0].macroF1 == local[0].macroF1)
        server.stop()
        let gone = try CommandRunner.ftsweep(
            ["eval", model, "--test", "test.jsonl", "--base-url", server.baseURL, "--ledger", "other.sqlite", "--force"],
            in: folder, environment: ["OPENAI_API_KEY": ""])
        #expect(gone.status == 69 && gone.stderr.hasPrefix("error: \(model) could not answer test example "), "\(gone.stderr)")
    }

    @Test func aBadTestSetIsOneLineAndWritesNothing() throws {
        let folder = TestPaths.scratchDirectory("cli-eval-bad")
        _ = FileManager.default.createFile(atPath: "\(folder)/test.jsonl", contents: Data(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yes"},{"role":"user","content":"and?"}]}"#.utf8 + [10]))
        let result = try CommandRunner.ftsweep(["eval", "local-small", "--test", "test.jsonl"], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr == "error: test.jsonl:1: messages: expected the last message to be the assistant's reference answer\n")
        let unknown = try CommandRunner.ftsweep(["eval", "gpt-nothing", "--test", "\(repository)/experiments/data/triage/test.jsonl"], in: folder)
        #expect(unknown.status == 66 && unknown.stderr == "error: no provider knows model 'gpt-nothing': give its endpoint with --base-url\n")
    }
}
