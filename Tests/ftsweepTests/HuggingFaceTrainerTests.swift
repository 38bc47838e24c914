import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

/// The Python of `make hf-venv` (torch, transformers, trl, peft): `$FTSWEEP_HF_PYTHON`, which
/// `make test-hf` sets. Unset in `make test` and CI: the install is large (see the README).
private let hfPython: String? = ProcessInfo.processInfo.environment["FTSWEEP_HF_PYTHON"].flatMap {
    FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
}

/// The first `count` lines of a chat JSONL file, written to `path`.
private func head(_ source: String, _ count: Int, to path: String) throws {
    let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").prefix(count)
    _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
}

@Suite(.serialized, .enabled(if: hfPython != nil, "make test-hf runs these (FTSWEEP_HF_PYTHON: the venv's python)"))
struct HuggingFaceTrainerTests {
    /// hf-lora.yaml on CPU, offline, end to end: a tiny base built from a config, two LoRA runs of
    /// TRL's SFTTrainer ranked by the eval loss they stream, the better one asked through serve.py.
    @Test func twoLoRARunsAreTrainedRankedByStreamedEvalLossAndTheBestIsEvaluatedThroughServePy() throws {
        let python = try #require(hfPython)
        let folder = TestPaths.scratchDirectory("hf-lora")
        let triage = "\(repository)/experiments/data/triage"
        try head("\(triage)/train.jsonl", 64, to: "\(folder)/train.jsonl")
        try head("\(triage)/valid.jsonl", 16, to: "\(folder)/valid.jsonl")
        try head("\(triage)/test.jsonl", 10, to: "\(folder)/test.jsonl")
        let base = try CommandRunner.run(
            python,
            ["\(repository)/experiments/trainers/hf-sft/make_tiny_base.py", "--data", "\(folder)/train.jsonl", "--out",
             "\(folder)/base"], in: folder, environment: ProcessInfo.processInfo.environment)
        #expect(base.status == 0, "\(base.stderr)")
        let spec = try String(contentsOfFile: "\(repository)/experiments/sweeps/hf-lora.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../trainers/", with: "\(repository)/experiments/trainers/")
            .replacingOccurrences(of: "../data/triage/", with: "\(folder)/")
            .replacingOccurrences(of: "../../../.build/hf-base", with: "\(folder)/base")
            .replacingOccurrences(of: "python3 ", with: "\(python) ")
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))

        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--format", "json"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(launch.stdout.utf8)) as? [String: Any])
        let ranked = try #require(summary["ranked"] as? [[String: Any]])
        #expect(ranked.count == 2)
        let losses = ranked.compactMap { ($0["full_valid_loss"] as? NSNumber)?.doubleValue }
        #expect(losses.count == 2 && losses == losses.sorted())
        for run in ranked {
            let job = try #require(run["job_id"] as? String)
            let runDirectory = "\(folder)/.ftsweep/command-runs/\(job)/run"
            // Streamed while training (valid_loss every 4 steps), and Trainer's own state beside it.
            let lines = try String(contentsOfFile: "\(runDirectory)/metrics.jsonl", encoding: .utf8)
            #expect(lines.components(separatedBy: "\"valid_loss\"").count > 2)
            #expect(FileManager.default.fileExists(atPath: "\(runDirectory)/trainer_state.json"))
            #expect(run["fine_tuned_model"] as? String == "\(runDirectory)/adapter")
        }

        let eval = try CommandRunner.ftsweep(
            ["eval", "--sweep", "hf-lora", "--top", "1", "--test", "\(folder)/test.jsonl", "--format", "json"],
            in: folder)
        #expect(eval.status == 0, "\(eval.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1 && records.first?["examples"] as? Int == 10)
        #expect(records.first?["model"] as? String == ranked.first?["fine_tuned_model"] as? String)
    }
}
