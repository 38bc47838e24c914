import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let repository = TestPaths.repository

/// A folder with a small spec over the demo data.
private func workspace(_ parameters: String = "  batch_size: {value: 64}\n  n_epochs: {values: [1, 2]}\n", extra: String = "") -> String {
    let folder = TestPaths.scratchDirectory("cli-sweep")
    let spec = """
        name: cli
        training_file: \(repository)/experiments/data/triage/train.jsonl
        validation_file: \(repository)/experiments/data/triage/valid.jsonl
        suffix: cli
        \(extra)
        parameters:
          model: {value: local-small}
        \(parameters)
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
    return folder
}

@Suite struct SweepCommandTests {
    @Test func relaunchingWithAnotherMetricIsRefusedAndResumeSaysTheSpecChanged() throws {
        let folder = workspace("  batch_size: {value: 64}\n  n_epochs: {value: 1}\n")
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let spec = try String(contentsOfFile: "\(folder)/spec.yaml", encoding: .utf8)
        try (spec + "\nmetric: {name: full_valid_accuracy}\n").write(toFile: "\(folder)/spec.yaml", atomically: true, encoding: .utf8)
        let relaunch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(relaunch.status == 1 && relaunch.stderr == "error: sweep cli ranks its runs by full_valid_loss (minimize); this spec ranks by "
            + "full_valid_accuracy (maximize): launch it under another name, so no ranking mixes the two\n", "\(relaunch)")
        let sweep = try CommandRunner.ftsweep(["sweep", "status", "cli"], in: folder).stdout
        #expect(sweep.contains("ranked by full_valid_loss (minimize)"), "the stored spec is untouched: \(sweep)")
        let resume = try CommandRunner.ftsweep(["sweep", "resume", "cli"], in: folder)
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stderr.contains("spec.yaml has changed since sweep cli was launched; resume runs the spec it was launched with"), "\(resume.stderr)")
    }

    @Test func planPrintsTrialsAndSubmitsNothing() throws {
        let folder = workspace()
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((plan["trials"] as? [Any])?.count == 2)
        #expect(plan["total_cost_usd"] as? Double == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/.ftsweep"))
    }

    @Test func aPlanOverBudgetExitsOne() throws {
        let folder = workspace(extra: "budget: {max_jobs: 1}")
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == "error: the plan breaks the budget: 2 jobs is over max_jobs 1\n")
    }

    @Test func aBadSpecIsOneLineWithFileLineAndKeyPath() throws {
        let folder = workspace("  n_epochs: {values: [1, 99]}\n")  // line 8
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr == "error: spec.yaml:8: parameters.n_epochs.values[1]: 99 is out of range: n_epochs is 1 to 50 or auto\n")
    }

    @Test func overridesReplaceSpecParameters() throws {
        let folder = workspace()
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml", "-p", "n_epochs=range(1,3)", "-p", "learning_rate_multiplier=0.5,2", "--format", "json"], in: folder)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((plan["trials"] as? [Any])?.count == 6)
    }

    @Test func launchRanksRunsThenRelaunchRunsNothingAndForceRunsAgain() throws {
        let folder = workspace()
        let first = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("sweep cli: 2 ran, 0 skipped"))
        #expect(first.stdout.contains("best: run "))

        let again = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.contains("skip   trial 1 (local-small, key "))
        #expect(again.stdout.contains("nothing new to run: every trial's key already has a finished run (use --force to run them again)"))

        let forced = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--force", "--format", "json"], in: folder)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8)) as? [String: Any])
        #expect((summary["ran"] as? [Any])?.count == 2)

        let best = try CommandRunner.ftsweep(["best", "-q", "--sweep", "cli"], in: folder)
        let model = best.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(model.hasPrefix("ft:local-small:local:cli:"))
        let answer = try CommandRunner.ftsweep(["chat", model, "My invoice is wrong"], in: folder)
        #expect(answer.status == 0)

        let csv = try CommandRunner.ftsweep(["runs", "ls", "--sweep", "cli", "--sort", "-full_valid_loss", "--format", "csv"], in: folder)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 5 && lines[0].hasPrefix("rank,run,sweep,model,"))
        let status = try CommandRunner.ftsweep(["sweep", "status", "cli"], in: folder)
        #expect(status.stdout.contains("runs: 4 (4 succeeded)"))
    }

    @Test func ctrlCCancelsRunningTrialsRecordsThemAndLeavesTheSweepResumable() throws {
        let folder = workspace("  n_epochs: {value: 50}\n  batch_size: {value: 1}\n")
        let process = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--format", "json"], in: folder)
        // Wait until a job is training (its events file exists).
        let jobs = "\(folder)/.ftsweep/local/jobs"
        Waiting.until {
            ((try? FileManager.default.contentsOfDirectory(atPath: jobs)) ?? []).contains { FileManager.default.fileExists(atPath: "\(jobs)/\($0)/events.jsonl") }
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let runs = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0["state"] as? String == "cancelled" })
        // Interrupted, not ended: the sweep stays resumable.
        let sweeps = try CommandRunner.ftsweep(["sweep", "ls", "--format", "json"], in: folder)
        #expect(sweeps.stdout.contains("\"state\" : \"halted\""))
        #expect(sweeps.stdout.contains("interrupted: running trials were cancelled"))
    }
}

@Suite struct PromoteCommandTests {
    @Test func runsShowAndPromoteAndResolveFromTheCommandLine() throws {
        let folder = workspace()
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let show = try CommandRunner.ftsweep(["runs", "show", "1"], in: folder)
        #expect(show.status == 0)
        #expect(show.stdout.contains("run 1 of sweep cli, attempt 1: succeeded"))
        #expect(show.stdout.contains("train loss        ") && show.stdout.contains("history (message events)") && show.stdout.contains("Fine-tuning job started"))
        let best = try CommandRunner.ftsweep(["best", "-q"], in: folder).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let promoted = try CommandRunner.ftsweep(["promote", best, "--alias", "prod", "--reason", "best of cli"], in: folder)
        #expect(promoted.status == 0, "\(promoted.stderr)")
        #expect(try CommandRunner.ftsweep(["alias", "resolve", "prod"], in: folder).stdout == best + "\n")
        let missing = try CommandRunner.ftsweep(["alias", "resolve", "staging"], in: folder)
        #expect(missing.status == 66 && missing.stderr == "error: no alias named staging\n")
        let rollback = try CommandRunner.ftsweep(["alias", "rollback", "prod"], in: folder)
        #expect(rollback.status == 1 && rollback.stderr == "error: alias prod has no earlier holder to roll back to\n")
    }
}

@Suite struct RunListFormatTests {
    @Test func changedOnlyMarkdownAndJSONLines() throws {
        let folder = workspace()
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 0, "\(launch.stdout)\n\(launch.stderr)")
        let changed = try CommandRunner.ftsweep(["runs", "ls", "--changed-only", "--format", "csv"], in: folder)
        // Only the epochs and the results differ between the two runs.
        let header = changed.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("run,n_epochs,steps,"), "an unsorted listing has no rank: \(header)")
        #expect(!header.contains("model,") && !header.contains("batch_size"))
        let markdown = try CommandRunner.ftsweep(["runs", "ls", "--format", "markdown"], in: folder)
        #expect(markdown.stdout.split(separator: "\n").count == 4 && markdown.stdout.hasPrefix("| run | sweep |"))
        let lines = try CommandRunner.ftsweep(["runs", "ls", "--format", "jsonl", "--where", "n_epochs = 2"], in: folder)
        let rows = lines.stdout.split(separator: "\n")
        #expect(rows.count == 1)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        #expect(row["n_epochs"] as? Int == 2)
        let compare = try CommandRunner.ftsweep(["compare", "1", "2", "--format", "json"], in: folder)
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [String: Any])
        let differing = try #require(comparison["differing"] as? [String])
        #expect(differing.contains("n_epochs") && !differing.contains("model") && !differing.contains("batch_size"))
        #expect(try CommandRunner.ftsweep(["compare", "1", "2"], in: folder).stdout.contains("*  n_epochs"))
        let bad = try CommandRunner.ftsweep(["runs", "ls", "--where", "n_epochs = two"], in: folder)
        #expect(bad.status == 64 && bad.stderr == "error: --where: column 1: n_epochs is a number; 'two' is not\n")
    }
}

@Suite struct ReproduceCommandTests {
    @Test func reproducingALocalRunGivesAByteIdenticalResultFile() throws {
        let folder = workspace("  batch_size: {value: 64}\n  n_epochs: {value: 2}\n")
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let again = try CommandRunner.ftsweep(["reproduce", "1", "--format", "json"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        let rerun = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(rerun["attempt"] as? Int == 2)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder).stdout.utf8)) as? [[String: Any]])
        let jobs = runs.compactMap { $0["job_id"] as? String }
        #expect(jobs.count == 2 && Set(runs.compactMap { $0["trial_key"] as? String }).count == 1)
        let csvs = jobs.map { FileManager.default.contents(atPath: "\(folder)/.ftsweep/local/jobs/\($0)/result.csv") }
        #expect(csvs[0] != nil && csvs[0] == csvs[1])
    }

    @Test func changedDataIsRefusedAndNamed() throws {
        let folder = TestPaths.scratchDirectory("reproduce")
        let data = "\(TestPaths.repository)/experiments/data/triage"
        try FileManager.default.copyItem(atPath: "\(data)/train.jsonl", toPath: "\(folder)/train.jsonl")
        let spec = "name: r\ntraining_file: train.jsonl\nparameters:\n  model: {value: local-small}\n  n_epochs: {value: 1}\n  batch_size: {value: 64}\n"
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/train.jsonl"))
        try Data(original.dropLast(200)).write(to: URL(fileURLWithPath: "\(folder)/train.jsonl"))
        let refused = try CommandRunner.ftsweep(["reproduce", "1"], in: folder)
        #expect(refused.status == 65)
        #expect(refused.stderr.hasPrefix("error: the training file \(folder)/train.jsonl has changed since the run"))
        // The original bytes from elsewhere let it run.
        try original.write(to: URL(fileURLWithPath: "\(folder)/backup.jsonl"))
        #expect(try CommandRunner.ftsweep(["reproduce", "1", "--data", "backup.jsonl"], in: folder).status == 0)
    }
}

@Suite struct BundleCommandTests {
    @Test func bundlesMoveRunsAndNeverDuplicateATrial() throws {
        let folder = workspace()
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let bundle = try CommandRunner.ftsweep(["export", "--sweep", "cli"], in: folder)
        #expect(bundle.stderr.isEmpty, "no progress unless standard error is a terminal")
        // On a terminal (script(1) gives the command one), standard error shows how far the export has come.
        let onTerminal = try CommandRunner.run(
            "/usr/bin/script", ["-qc", "\(CommandRunner.ftsweep) export --sweep cli > /dev/null", "/dev/null"], in: folder,
            environment: ProcessInfo.processInfo.environment.filter { $0.key != "FTSWEEP_LEDGER" })
        #expect(onTerminal.stdout.contains("\r\u{1B}[Kexport: 0/2 runs, "), "\(onTerminal.stdout.debugDescription)")
        let types = bundle.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
        // 2 datasets, 1 sweep, then each run followed by its metric rows and events.
        #expect(types == ["dataset", "dataset", "sweep"] + Array(repeating: ["run", "metrics", "events"], count: 2).flatMap { $0 })
        _ = FileManager.default.createFile(atPath: "\(folder)/bundle.jsonl", contents: Data(bundle.stdout.utf8))

        let first = try CommandRunner.ftsweep(["import", "bundle.jsonl", "--ledger", "other.sqlite", "--format", "json"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"imported\" : 2") && first.stdout.contains("\"skipped\" : 0"))
        let source = try CommandRunner.ftsweep(["runs", "ls", "--format", "csv"], in: folder).stdout
        let copy = try CommandRunner.ftsweep(["runs", "ls", "--format", "csv", "--ledger", "other.sqlite"], in: folder).stdout
        #expect(copy == source)
        let again = try CommandRunner.ftsweep(["import", "bundle.jsonl", "--ledger", "other.sqlite"], in: folder)
        #expect(again.stdout.hasPrefix("imported 0 runs, skipped 2"))
        // A relaunch against the imported ledger finds the trials done.
        let relaunch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--ledger", "other.sqlite"], in: folder)
        #expect(relaunch.stdout.contains("2 skipped"))

        _ = FileManager.default.createFile(atPath: "\(folder)/bad.jsonl", contents: Data((bundle.stdout + "not json\n").utf8))
        let bad = try CommandRunner.ftsweep(["import", "bad.jsonl", "--ledger", "third.sqlite"], in: folder)
        #expect(bad.status == 65 && bad.stderr == "error: bad.jsonl:10: not a bundle line (a JSON object with type dataset, sweep, run, metrics or events)\n")
        #expect(try CommandRunner.ftsweep(["runs", "ls", "--ledger", "third.sqlite", "--format", "json"], in: folder).stdout == "[\n\n]\n")
    }
}

@Suite struct IngestCommandTests {
    @Test func ingestIntoANewRunThenRankItAndIngestAgainChangingNothing() throws {
        let folder = TestPaths.scratchDirectory("ingest-cli")
        let fixtures = "\(TestPaths.repository)/Tests/OrchestrationTests/Fixtures/ingest"
        let training = "\(TestPaths.repository)/experiments/data/triage/train.jsonl"
        let first = try CommandRunner.ftsweep(["ingest", "\(fixtures)/step_metrics.csv", "\(fixtures)/checkpoints_page.json",
                                                "--new-run", "model=gpt-4o-mini-2024-07-18", "training=\(training)", "n_epochs=3", "seed=7"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("run 1:"))
        #expect(first.stdout.contains("step_metrics.csv: result CSV, 30 metric rows"))
        let best = try CommandRunner.ftsweep(["best", "--format", "json"], in: folder)
        #expect(best.stdout.contains("\"full_valid_loss\" : 0.5") && best.stdout.contains("\"n_epochs\" : 3"))
        let before = try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder).stdout
        #expect(try CommandRunner.ftsweep(["ingest", "\(fixtures)/step_metrics.csv", "--run", "1"], in: folder).status == 0)
        #expect(try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder).stdout == before)
        let bad = try CommandRunner.ftsweep(["ingest", "\(fixtures)/malformed.csv", "--run", "1"], in: folder)
        #expect(bad.status == 65 && bad.stderr == "error: \(fixtures)/malformed.csv:4: 'oops' in column train_loss is not a number\n")
        let wrong = try CommandRunner.ftsweep(["ingest", "\(fixtures)/step_metrics.csv", "--new-run", "n_epochs=3"], in: folder)
        #expect(wrong.status == 64 && wrong.stderr.contains("--new-run needs model=NAME"), "\(wrong.stderr)")
        #expect(try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder).stdout == before)
    }

    /// Results trained elsewhere, on data not at hand: the run is made and says it has no training digest.
    @Test func aNewRunWithoutItsTrainingFileIsImportedAndSaysSo() throws {
        let folder = TestPaths.scratchDirectory("ingest-no-data")
        let fixtures = "\(TestPaths.repository)/Tests/OrchestrationTests/Fixtures/ingest"
        let result = try CommandRunner.ftsweep(
            ["ingest", "\(fixtures)/step_metrics.csv", "--new-run", "model=my-model", "seed=3", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let show = try CommandRunner.ftsweep(["runs", "show", "1"], in: folder)
        #expect(show.stdout.contains("training          none recorded (imported without its training file)"), "\(show.stdout)")
        let json = try CommandRunner.ftsweep(["runs", "show", "1", "--format", "json"], in: folder)
        let details = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let run = try #require(details["run"] as? [String: Any])
        #expect(run["training_digest"] == nil && run["model"] as? String == "my-model", "\(run)")
        #expect(run["seed"] as? Int == 3, "\(run)")
        let again = try CommandRunner.ftsweep(
            ["ingest", "\(fixtures)/step_metrics.csv", "--new-run", "model=my-model", "seed=3"], in: folder)
        let runs = try ledgerRuns(in: folder)
        #expect(again.status == 0 && runs.count == 1, "importing the same again changes nothing")
        #expect(try CommandRunner.ftsweep(["ledger", "check"], in: folder).stdout == "ok\n")
    }

    @Test func everyFileALocalJobWritesIngests() throws {
        let folder = workspace("  batch_size: {value: 64}\n  n_epochs: {value: 2}\n")
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let run = try #require(try ledgerRuns(in: folder).first)
        let job = "\(folder)/.ftsweep/local/jobs/\(try #require(run["job_id"] as? String))"
        let result = try CommandRunner.ftsweep(
            ["ingest", "\(job)/events.jsonl", "\(job)/checkpoints.json", "\(job)/result.csv", "--new-run", "model=local-small",
             "training=\(repository)/experiments/data/triage/train.jsonl", "provider=local", "n_epochs=2", "batch_size=64"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "run 2:", "\(result.stdout)")
        #expect(lines.count == 4 && lines[1].contains("events.jsonl: events JSONL, ") && !lines[1].contains(" 0 events"))
        #expect(lines.count == 4 && lines[2].contains("checkpoints.json: checkpoints JSON array, ") && lines[2].contains(", 0 events, ") && !lines[2].hasSuffix(" 0 checkpoints"))
        #expect(lines.count == 4 && lines[3].contains("result.csv: result CSV, "))
        let imported = try #require(try ledgerRuns(in: folder).first { $0["id"] as? Int == 2 })
        #expect(imported["steps"] as? Int == run["steps"] as? Int && imported["full_valid_loss"] as? Double == run["full_valid_loss"] as? Double)
    }
}
