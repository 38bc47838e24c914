import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A result CSV of `rows` steps, as OpenAI writes them.
private func writeResultCSV(_ path: String, rows: Int) {
    var text = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
    text.reserveCapacity(rows * 40)
    for step in 1...rows { text += "\(step),\(1.0 / Double(step)),0.5,\(2.0 / Double(step)),0.25\n" }
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

private func ledgerCounts(in folder: String) throws -> [String: Int] {
    let info = try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any], "\(info.stderr)")
    return try #require(object["counts"] as? [String: Int])
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

@Suite(.serialized) struct PowerCutTests {
    @Test func aSIGKILLDuringALargeIngestLeavesASoundLedgerAndIngestsAllOrNothing() throws {
        let folder = TestPaths.scratchDirectory("power-cut")
        let rows = 200_000
        writeResultCSV("\(folder)/big.csv", rows: rows)
        let arguments = ["ingest", "big.csv", "--new-run", "model=gpt-4o-mini-2024-07-18", "training=\(triage)/train.jsonl"]
        // A first small write makes the ledger, so every later kill lands on a file that exists.
        #expect(try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl"], in: folder).status == 0)
        var generator = SystemRandomNumberGenerator()
        var killedMidWrite = 0
        for _ in 0..<3 {
            let wal = "\(folder)/.ftsweep/ledger.sqlite-wal"
            let walBefore = fileSize(wal)
            let process = try CommandRunner.start(arguments, in: folder)
            // The cut comes at a random moment once the ingest has begun writing its transaction.
            Waiting.until(seconds: 120) { !process.isRunning || fileSize(wal) > walBefore + 256 * 1024 }
            usleep(useconds_t(Int.random(in: 0...300, using: &generator) * 1000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidWrite += 1 }
            let check = try CommandRunner.ftsweep(["ledger", "check"], in: folder)
            #expect(check.status == 0 && check.stdout == "ok\n", "\(check.stdout)\(check.stderr)")
            let counts = try ledgerCounts(in: folder)
            #expect(counts["runs", default: 0] <= 1, "one file is never two runs: \(counts)")
            #expect(counts["metrics", default: 0] == rows * counts["runs", default: 0], "every ingested run is whole: \(counts)")
        }
        #expect(killedMidWrite > 0, "at least one cut landed while the ingest ran")
        // A cut that came after the commit left the file imported: importing it again adds nothing.
        let finish = try CommandRunner.ftsweep(arguments, in: folder)
        #expect(finish.status == 0, "\(finish.stderr)")
        let counts = try ledgerCounts(in: folder)
        #expect(counts["runs"] == 1 && counts["metrics"] == rows, "one file is one run, whatever the cuts: \(counts)")
    }
}

/// One process role of the concurrency test: runs its commands in a loop until the deadline.
private final class Worker: @unchecked Sendable {
    // @unchecked Sendable: `results` is written by the worker's own thread and read after `join`.
    let name: String
    private(set) var results: [CommandResult] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ name: String, until deadline: Date, in folder: String, commands: @escaping @Sendable (Int) -> [String]) {
        self.name = name
        Thread.detachNewThread { [self] in
            var round = 0
            while Date() < deadline {
                if let result = try? CommandRunner.ftsweep(commands(round), in: folder) { results.append(result) }
                round += 1
            }
            done.signal()
        }
    }

    func join() -> [CommandResult] {
        done.wait()
        return results
    }
}

@Suite(.serialized) struct ConcurrentLedgerTests {
    @Test func fourProcessesShareOneLedgerWithoutLockErrorsOrLostRows() throws {
        let seconds = Double(ProcessInfo.processInfo.environment["FTSWEEP_CONCURRENCY_SECONDS"] ?? "") ?? 60
        let folder = TestPaths.scratchDirectory("concurrent")
        let spec = """
            name: busy
            training_file: \(triage)/train.jsonl
            validation_file: \(triage)/valid.jsonl
            parameters:
              model: {value: local-small}
              batch_size: {value: 64}
              n_epochs: {value: 1}
              seed: {values: [1, 2]}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        let steps = 500
        writeResultCSV("\(folder)/steps.csv", rows: steps)
        #expect(try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder).status == 0)
        let deadline = Date().addingTimeInterval(seconds)
        let workers = [
            Worker("launch", until: deadline, in: folder) { _ in ["sweep", "launch", "spec.yaml", "--force", "--max-parallel", "2"] },
            Worker("collect", until: deadline, in: folder) { _ in ["collect", "--watch", "--interval", "0.2"] },
            Worker("query", until: deadline, in: folder) { round in
                [["runs", "ls", "--where", "state = succeeded and n_epochs >= 1", "--sort", "full_valid_loss", "--format", "json"],
                 ["sweep", "status", "busy"], ["best", "--sweep", "busy"], ["ledger", "info"]][round % 4]
            },
            // A seed of its own per round: importing the same file with the same settings again makes no run.
            Worker("ingest", until: deadline, in: folder) { round in
                ["ingest", "steps.csv", "--new-run", "model=gpt-4o-mini-2024-07-18", "training=\(triage)/train.jsonl", "seed=\(round)"]
            },
        ]
        var results: [String: [CommandResult]] = [:]
        for worker in workers { results[worker.name] = worker.join() }

        let all = results.values.flatMap { $0 }
        let lockErrors = all.filter { ($0.stderr + $0.stdout).lowercased().contains("locked") || $0.stderr.contains("busy") && $0.stderr.contains("error") }
        #expect(lockErrors.isEmpty, "\(lockErrors.first?.stderr ?? "")")
        for (name, outcomes) in results {
            let failed = outcomes.filter { $0.status != 0 }
            #expect(failed.isEmpty, "\(name): \(failed.count) of \(outcomes.count) failed; first: \(failed.first?.stderr ?? "")")
        }
        let launches = results["launch", default: []].count + 1
        let ingests = results["ingest", default: []].count
        #expect(launches > 2 && ingests > 2 && results["query", default: []].count > 4, "every role ran several times")
        let counts = try ledgerCounts(in: folder)
        #expect(counts["runs"] == launches * 2 + ingests, "\(counts), \(launches) launches, \(ingests) ingests")
        let imported = try CommandRunner.ftsweep(["runs", "ls", "--where", "sweep is null", "--format", "json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [[String: Any]], "\(imported.stderr)")
        #expect(runs.count == ingests && runs.allSatisfy { $0["steps"] as? Int == steps })
        let check = try CommandRunner.ftsweep(["ledger", "check"], in: folder)
        #expect(check.stdout == "ok\n")
    }
}
