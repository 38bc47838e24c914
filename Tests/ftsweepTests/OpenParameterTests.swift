import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

private func json(_ result: CommandResult) throws -> Any {
    try #require(result.status == 0, "\(result.stderr)")
    return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
}

private func runs(_ arguments: [String], in folder: String) throws -> [[String: Any]] {
    try #require(try json(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"] + arguments, in: folder)) as? [[String: Any]])
}

private func parameters(_ run: [String: Any]) -> [String: Any] { run["parameters"] as? [String: Any] ?? [:] }

private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

/// The command provider takes any parameter: the LoRA-style knobs of `experiments/sweeps/command-lora.yaml`
/// reach the tiny trainer and every view, filter and sort of the ledger.
@Suite(.serialized) struct OpenParameterTests {
    @Test(.enabled(if: trainerPython != nil, "needs python3 with NumPy"))
    func aSweepOverLoRAKnobsIsFilteredSortedRankedComparedReportedAndReproduced() throws {
        let folder = TestPaths.scratchDirectory("open-parameters")
        let spec = try String(contentsOfFile: "\(repository)/experiments/sweeps/command-lora.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../", with: "\(repository)/experiments/")
            .replacingOccurrences(of: "python3 train.py", with: "\(trainerPython ?? "python3") train.py")
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        // The issue's range for an absolute learning rate, given on the command line.
        let launch = try CommandRunner.ftsweep(
            ["sweep", "launch", "spec.yaml", "-p", "learning_rate=loguniform(1e-5,1e-3)", "--format", "json"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")

        let all = try runs([], in: folder)
        #expect(all.count == 6 && all.allSatisfy { $0["state"] as? String == "succeeded" })
        for run in all {
            let values = parameters(run)
            #expect([8, 16, 32].contains(values["lora_r"] as? Int), "\(values)")
            #expect((0...0.2).contains(number(values["warmup_ratio"]) ?? -1))
            #expect((1e-5...1e-3).contains(number(values["learning_rate"]) ?? -1))
            #expect(["linear", "cosine"].contains(values["scheduler"] as? String))
            // The trainer was given the same values: its params.json in its run folder.
            let job = try #require(run["job_id"] as? String)
            let file = try #require(FileManager.default.contents(atPath: "\(folder)/.ftsweep/command-runs/\(job)/run/params.json"))
            let given = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
            #expect(given["lora_r"] as? Int == values["lora_r"] as? Int && given["scheduler"] as? String == values["scheduler"] as? String)
        }

        // --where on each knob selects exactly the runs whose value satisfies it.
        let filters: [(String, ([String: Any]) -> Bool)] = [
            ("lora_r >= 16", { ($0["lora_r"] as? Int ?? 0) >= 16 }),
            ("warmup_ratio < 0.1", { (number($0["warmup_ratio"]) ?? 1) < 0.1 }),
            ("learning_rate > 1e-4", { (number($0["learning_rate"]) ?? 0) > 1e-4 }),
            ("scheduler = cosine", { $0["scheduler"] as? String == "cosine" }),
            ("lora_r >= 16 and scheduler = cosine", { ($0["lora_r"] as? Int ?? 0) >= 16 && $0["scheduler"] as? String == "cosine" }),
            ("parameters.lora_r in (8, 32)", { [8, 32].contains($0["lora_r"] as? Int ?? 0) }),
        ]
        for (filter, holds) in filters {
            let expected = Set(all.filter { holds(parameters($0)) }.compactMap { $0["id"] as? Int })
            let found = Set(try runs(["--where", filter], in: folder).compactMap { $0["id"] as? Int })
            #expect(found == expected, "\(filter)")
        }
        // A number never matches a name: no scheduler is >= 0.
        #expect(try runs(["--where", "scheduler >= 0"], in: folder).isEmpty)

        let sorted = try runs(["--sort", "-lora_r,learning_rate"], in: folder).map(parameters)
        let ranks = sorted.compactMap { $0["lora_r"] as? Int }
        #expect(ranks.count == 6 && ranks == ranks.sorted(by: >), "\(ranks)")
        let typo = try CommandRunner.ftsweep(["runs", "ls", "--sort", "lora_rr"], in: folder)
        #expect(typo.status == 64 && typo.stderr == "error: --sort: unknown sort key 'lora_rr'; did you mean 'lora_r'?\n", "\(typo.stderr)")
        let unknown = try CommandRunner.ftsweep(["runs", "ls", "--where", "lora_rr > 1"], in: folder)
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown field 'lora_rr'; did you mean 'lora_r'?"), "\(unknown.stderr)")

        let csv = try CommandRunner.ftsweep(["runs", "ls", "--format", "csv"], in: folder).stdout
        let header = csv.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        #expect(["lora_r", "warmup_ratio", "learning_rate", "scheduler"].allSatisfy(header.contains), "\(header)")

        let best = try #require(try json(try CommandRunner.ftsweep(["best", "--sweep", "command-lora", "--format", "json"], in: folder)) as? [String: Any])
        let ranked = try runs(["--sort", "full_valid_loss"], in: folder)
        #expect((best["run"] as? [String: Any])?["id"] as? Int ?? best["id"] as? Int == ranked.first?["id"] as? Int, "\(best)")

        let first = try #require(all[0]["id"] as? Int), second = try #require(all[1]["id"] as? Int)
        let compare = try CommandRunner.ftsweep(["compare", String(first), String(second)], in: folder).stdout
        #expect(compare.contains("lora_r") && compare.contains("*  learning_rate"), "\(compare)")

        let report = try CommandRunner.ftsweep(["report", "command-lora", "--output", "report.html"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8)
        #expect(page.contains(">learning_rate</text>") && page.contains(">warmup_ratio</text>"), "the parallel coordinates have an axis each")

        let reproduce = try json(try CommandRunner.ftsweep(["reproduce", String(first), "--format", "json"], in: folder)) as? [String: Any]
        #expect(reproduce?["trial_key"] as? String == all[0]["trial_key"] as? String && reproduce?["attempt"] as? Int == 2)
        let again = try runs(["--where", "attempt = 2"], in: folder)
        #expect(again.count == 1 && NSDictionary(dictionary: parameters(again[0])) == NSDictionary(dictionary: parameters(all[0])))
    }

    @Test func anUnknownParameterOfAClosedSchemaIsOneLineWithItsLineAndWritesNothing() throws {
        let folder = TestPaths.scratchDirectory("closed-schema")
        let spec = """
            name: closed
            training_file: \(repository)/experiments/data/triage/train.jsonl
            parameters:
              model: {value: local-small}
              lora_r: {values: [8, 16]}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        for command in [["sweep", "plan", "spec.yaml"], ["sweep", "launch", "spec.yaml"]] {
            let result = try CommandRunner.ftsweep(command, in: folder)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr == "error: spec.yaml:5: parameters.lora_r: unknown parameter; expected one of model, n_epochs, batch_size, "
                + "learning_rate_multiplier, seed, weight_decay, dropout, hidden_width, init_scale, prompt_norm, word_pairs, word_counts, idf\n", "\(result.stderr)")
        }
        let typo = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml", "-p", "n_epoch=2"], in: folder)
        #expect(typo.status != 0 && typo.stderr.contains("unknown parameter"), "\(typo)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["spec.yaml"], "no ledger, no job folder")
    }

    @Test func anOpenParameterNeedsAWellFormedUnreservedNameAndAPlaceholderNeedsAParameter() throws {
        let folder = TestPaths.scratchDirectory("open-schema")
        func plan(_ run: String, _ parameter: String) throws -> CommandResult {
            let spec = """
                name: open
                provider: {kind: command, run: "\(run)"}
                training_file: \(repository)/experiments/data/triage/train.jsonl
                parameters:
                  model: {value: m}
                  \(parameter)
                """
            _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
            return try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        }
        let state = try plan("train {state}", "state: {value: 1}")
        #expect(state.status == 64 && state.stderr.contains("spec.yaml:6: parameters.state: is a name ftsweep uses itself"), "\(state.stderr)")
        let upper = try plan("train {LoRA}", "LoRA: {value: 1}")
        #expect(upper.status == 64 && upper.stderr.contains("parameters.LoRA: is not a parameter name"), "\(upper.stderr)")
        let missing = try plan("train --r {lora_rn}", "lora_r: {value: 8}")
        #expect(missing.status == 64 && missing.stderr.contains("unknown placeholder {lora_rn}; did you mean 'lora_r'?"), "\(missing.stderr)")
        let fine = try plan("train --r {lora_r}", "lora_r: {values: [8, 16]}")
        #expect(fine.status == 0 && fine.stdout.contains("lora_r"), "\(fine.stderr)")
    }

    @Test func namesAndValuesFromASpecReachTheTerminalEscaped() throws {
        let folder = TestPaths.scratchDirectory("escaped-launch")
        let trainer = "echo '{\"step\": 1, \"total_steps\": 1, \"train_loss\": 0.5}' >> \"$FTSWEEP_RUN_DIR/metrics.jsonl\"\n"
        _ = FileManager.default.createFile(atPath: "\(folder)/train.sh", contents: Data(trainer.utf8))
        let spec = """
            name: escaped
            provider: {kind: command, run: "sh \(folder)/train.sh"}
            training_file: \(repository)/experiments/data/triage/train.jsonl
            parameters:
              model: {value: "m\\e]0;pwned\\a"}
              tag: {value: "x\\e[2J"}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        for command in [["sweep", "plan", "spec.yaml"], ["sweep", "launch", "spec.yaml"]] {
            let result = try CommandRunner.ftsweep(command, in: folder)
            #expect(result.status == 0, "\(result)")
            #expect(!result.stdout.contains("\u{1B}") && result.stdout.contains("m\\u{1B}]0;pwned\\u{7}"), "\(command): \(result.stdout)")
            #expect(!command.contains("launch") || result.stdout.contains("tag=x\\u{1B}[2J"), "\(result.stdout)")
        }
    }
}
