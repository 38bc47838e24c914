import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A local sweep over two batch sizes and four learning-rate multipliers, as a grid or as `extra` says.
private func spec(_ name: String, _ extra: String = "") -> String {
    """
    name: \(name)
    seed: 5
    max_parallel: 1
    training_file: \(triage)/train.jsonl
    validation_file: \(triage)/valid.jsonl
    \(extra)
    parameters:
      model: {value: local-small}
      n_epochs: {value: 2}
      batch_size: {values: [8, 32]}
      learning_rate_multiplier: {values: [0.1, 0.5, 2, 8]}
    """
}

private func runs(_ arguments: [String], in folder: String) throws -> [[String: Any]] {
    let result = try CommandRunner.ftsweep(["runs", "ls", "--format", "json"] + arguments, in: folder)
    try #require(result.status == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
}

private func configuration(_ run: [String: Any]?) -> String {
    "batch \(run?["batch_size"] as? Int ?? 0), lr× \((run?["learning_rate_multiplier"] as? NSNumber)?.doubleValue ?? 0)"
}

/// `method: tpe` asks the sampler each time a slot frees, and `early_stop` cancels losing jobs.
@Suite(.serialized) struct AdaptiveSearchTests {
    @Test func tpeWithMedianStoppingCancelsLosersAndFindsTheGridsBest() throws {
        let folder = TestPaths.scratchDirectory("adaptive")
        let tpe = "method: tpe\nrun_cap: 8\nearly_stop: {type: median, startup_trials: 2}"
        for (file, text) in [("grid.yaml", spec("grid")), ("tpe.yaml", spec("tpe", tpe)), ("again.yaml", spec("again", tpe))] {
            _ = FileManager.default.createFile(atPath: "\(folder)/\(file)", contents: Data(text.utf8))
        }
        // Each in a ledger of its own: trial keys would otherwise (rightly) reuse the grid's results.
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "grid.yaml", "--ledger", "grid.sqlite"], in: folder).status == 0)
        let plan = try CommandRunner.ftsweep(["sweep", "plan", "tpe.yaml"], in: folder)
        #expect(plan.stdout.contains("tpe: a preview; each trial is chosen as results come in"), "\(plan.stdout)")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "tpe.yaml"], in: folder)
        #expect(launch.status == 0, "a stopped trial is no failure: \(launch.stderr)")
        #expect(launch.stdout.contains("early stopping: "), "\(launch.stdout)")

        let trials = try runs(["--sweep", "tpe"], in: folder)
        let stopped = trials.filter { $0["state"] as? String == "stopped" }
        #expect(trials.count == 8)
        #expect(stopped.count * 3 >= trials.count, "at least a third stopped early: \(stopped.count) of \(trials.count)")
        for run in stopped {
            #expect((run["error_message"] as? String)?.hasPrefix("stopped early by the median rule after ") == true, "\(run)")
            #expect((run["trained_tokens"] as? Int ?? .max) < (run["estimated_tokens"] as? Int ?? 0), "a stopped run trained less than planned")
        }
        let gridBest = try runs(["--ledger", "grid.sqlite", "--sort", "full_valid_loss", "--limit", "1"], in: folder).first
        let tpeBest = try runs(["--sweep", "tpe", "--sort", "full_valid_loss", "--where", "state = succeeded", "--limit", "1"], in: folder).first
        #expect(configuration(tpeBest) == configuration(gridBest))
        let best = try CommandRunner.ftsweep(["best", "--sweep", "tpe", "-q"], in: folder)
        #expect(best.stdout == "\(tpeBest?["fine_tuned_model"] as? String ?? "?")\n", "best ranks complete trials only")

        let status = try CommandRunner.ftsweep(["sweep", "status", "tpe"], in: folder)
        #expect(status.stdout.contains("early stopping: \(stopped.count) runs stopped, "), "\(status.stdout)")
        let json = try CommandRunner.ftsweep(["sweep", "status", "tpe", "--format", "json"], in: folder)
        let savings = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["early_stopping"] as? [String: Any]
        #expect(savings?["stopped_runs"] as? Int == stopped.count && (savings?["saved_tokens"] as? Int ?? 0) > 0, "\(json.stdout.prefix(400))")
        #expect(try CommandRunner.ftsweep(["report", "tpe", "-o", "report.html"], in: folder).status == 0)
        let page = try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8)
        #expect(page.contains("<dt>early stopping</dt><dd>\(stopped.count) runs stopped, "))

        // The same spec and seed suggest the same trials in the same order, and stop the same ones.
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "again.yaml", "--ledger", "again.sqlite"], in: folder).status == 0)
        let again = try runs(["--ledger", "again.sqlite"], in: folder)
        #expect(again.map(configuration) == trials.map(configuration))
        #expect(again.map { $0["state"] as? String } == trials.map { $0["state"] as? String })
    }

    @Test func aWarmStartedSweepLearnsFromEarlierTrialsOnTheSameData() throws {
        let folder = TestPaths.scratchDirectory("warm-start")
        _ = FileManager.default.createFile(atPath: "\(folder)/grid.yaml", contents: Data(spec("grid").utf8))
        let warm = spec("warm", "method: tpe\nrun_cap: 2\nwarm_start: {sweeps: [grid]}")
        _ = FileManager.default.createFile(atPath: "\(folder)/warm.yaml", contents: Data(warm.utf8))
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "grid.yaml"], in: folder).status == 0)
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "warm.yaml"], in: folder).status == 0)
        // Every configuration already succeeded in the grid: nothing is trained twice, and the sampler,
        // knowing them all, has nothing new to suggest.
        #expect(try runs(["--sweep", "warm"], in: folder).isEmpty)
        #expect(try runs([], in: folder).count == 8)
    }

    /// The same search through `ftsweep serve` (the OpenAI provider cancels the server's jobs) and
    /// through the command provider (the tiny trainer's process group is stopped).
    @Test(arguments: ["serve", "command"])
    func aStoppedTrialsJobIsCancelledAtItsProvider(provider: String) throws {
        let folder = TestPaths.scratchDirectory("adaptive-\(provider)")
        var server: ServeProcess?
        defer { server?.stop() }
        let providerLine: String
        let jobFolder: (String) -> String
        if provider == "serve" {
            let started = try ServeProcess()
            server = started
            providerLine = "provider: {kind: openai, base_url: \"\(started.baseURL)\"}"
            jobFolder = { "\(started.folder)/local/jobs/\($0)" }
        } else {
            // A trainer whose loss is its learning-rate multiplier: a good trial ends at once, a losing one
            // trains slowly (ten seconds), so a stop always lands before it would end.
            let trainer = """
                for step in 1 2 3 4 5 6 7 8 9 10; do
                  echo "{\\"step\\": $step, \\"total_steps\\": 10, \\"train_loss\\": $FTSWEEP_LEARNING_RATE_MULTIPLIER, \\"valid_loss\\": $FTSWEEP_LEARNING_RATE_MULTIPLIER}" >> "$FTSWEEP_RUN_DIR/metrics.jsonl"
                  case $FTSWEEP_LEARNING_RATE_MULTIPLIER in 0.1|0.5) ;; *) sleep 1 ;; esac
                done
                """
            _ = FileManager.default.createFile(atPath: "\(folder)/train.sh", contents: Data(trainer.utf8))
            providerLine = "provider: {kind: command, run: \"sh \(folder)/train.sh\"}"
            jobFolder = { "\(folder)/.ftsweep/command-runs/\($0)" }
        }
        let text = spec("remote", "method: tpe\nrun_cap: 8\nearly_stop: {type: median, startup_trials: 2}\n\(providerLine)")
            // Long enough local runs that a stop lands before the run would end, even on a busy machine.
            .replacingOccurrences(of: "n_epochs: {value: 2}", with: provider == "serve" ? "n_epochs: {value: 6}" : "n_epochs: {value: 2}")
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(text.utf8))
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")
        let stopped = try runs(["--where", "state = stopped"], in: folder)
        #expect(!stopped.isEmpty, "\(launch.stdout)")
        for run in stopped {
            let job = try #require(run["job_id"] as? String)
            #expect(FileManager.default.fileExists(atPath: "\(jobFolder(job))/cancel"), "the provider was asked to cancel \(job)")
        }
        #expect(try runs(["--where", "state = succeeded"], in: folder).count + stopped.count == 8)
    }

    /// A tpe launch killed mid-sweep resumes the same sequence: the trials it had, then what the
    /// sampler suggests from them, never a configuration twice; an uninterrupted launch agrees.
    @Test func aKilledTPELaunchResumesTheSameSequenceWithoutRepeatingATrial() throws {
        let folder = TestPaths.scratchDirectory("tpe-resume")
        let tpe = spec("resumed", "method: tpe\nrun_cap: 6")
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(tpe.utf8))
        let launch = try CommandRunner.start(["sweep", "launch", "spec.yaml"], in: folder)
        defer { if launch.isRunning { kill(launch.processIdentifier, SIGKILL) } }
        // Polled without expectations: until the launch has made the ledger, `runs ls` says there is none.
        #expect(try Waiting.until(seconds: 300) {
            let listing = try CommandRunner.ftsweep(["runs", "ls", "--where", "state = succeeded", "--format", "json"], in: folder)
            return listing.status == 0 && ((try? JSONSerialization.jsonObject(with: Data(listing.stdout.utf8))) as? [Any])?.count ?? 0 >= 2
        })
        kill(launch.processIdentifier, SIGKILL)
        launch.waitUntilExit()
        let resume = try CommandRunner.ftsweep(["sweep", "resume", "resumed"], in: folder)
        #expect(resume.status == 0, "\(resume.stderr)")
        let trials = try runs([], in: folder)
        let keys = trials.compactMap { $0["trial_key"] as? String }
        #expect(Set(keys).count == 6, "six trials, none repeated: \(keys)")
        #expect(trials.allSatisfy { $0["state"] as? String == "succeeded" })

        _ = FileManager.default.createFile(atPath: "\(folder)/whole.yaml", contents: Data(tpe.utf8))
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "whole.yaml", "--ledger", "whole.sqlite"], in: folder).status == 0)
        let whole = try runs(["--ledger", "whole.sqlite"], in: folder)
        var seen: [String] = []
        for run in trials where !seen.contains(configuration(run)) { seen.append(configuration(run)) }
        #expect(seen == whole.map(configuration))
    }
}
