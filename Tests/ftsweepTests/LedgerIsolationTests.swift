import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A folder holding a two-trial local spec; the ledgers A.sqlite and B.sqlite live in it side by side,
/// so both use the one `local/` folder beside them.
private func twoLedgerFolder(epochs: Int, batchSize: Int) -> String {
    let folder = TestPaths.scratchDirectory("two-ledgers")
    let triage = "\(TestPaths.repository)/experiments/data/triage"
    let spec = """
        name: shared
        training_file: \(triage)/train.jsonl
        validation_file: \(triage)/valid.jsonl
        parameters:
          model: {value: local-small}
          n_epochs: {value: \(epochs)}
          batch_size: {value: \(batchSize)}
          seed: {values: [1, 2]}
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
    return folder
}

/// The ledger's runs as `runs ls` prints them; nil while the launch has made the file but not yet its schema.
private func runsIfMade(_ ledger: String, in folder: String) throws -> [[String: Any]]? {
    let result = try CommandRunner.ftsweep(["runs", "ls", "--ledger", ledger, "--format", "json"], in: folder)
    if result.status == 1 && result.stderr.hasPrefix("error: no ledger at ") { return nil }
    try #require(result.status == 0, "\(result)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
}

private func runs(_ ledger: String, in folder: String) throws -> [[String: Any]] {
    try #require(try runsIfMade(ledger, in: folder), "\(ledger) has no schema")
}

/// The job ids a ledger's runs hold; none while the launch has not made the ledger yet.
private func jobIDs(_ ledger: String, in folder: String) throws -> Set<String> {
    guard FileManager.default.fileExists(atPath: "\(folder)/\(ledger)") else { return [] }
    return Set(try runsIfMade(ledger, in: folder)?.compactMap { $0["job_id"] as? String } ?? [])
}

@Suite struct LedgerIsolationTests {
    @Test func aSecondLedgerInTheSameFolderTrainsItsOwnJobsInsteadOfAdoptingFinishedOnes() throws {
        let folder = twoLedgerFolder(epochs: 1, batchSize: 64)
        let first = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--ledger", "A.sqlite"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--ledger", "B.sqlite"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        let a = try jobIDs("A.sqlite", in: folder), b = try jobIDs("B.sqlite", in: folder)
        #expect(a.count == 2 && b.count == 2)
        #expect(a.isDisjoint(with: b), "ledger B adopted ledger A's jobs: \(a.intersection(b).sorted())")
    }

    @Test func interruptingOneLedgersLaunchNeverCancelsAnotherLedgersRunningJobs() throws {
        let folder = twoLedgerFolder(epochs: 50, batchSize: 1)
        let jobs = "\(folder)/local/jobs"
        let launchA = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--ledger", "A.sqlite", "--max-parallel", "2"], in: folder)
        defer { if launchA.isRunning { kill(launchA.processIdentifier, SIGINT); launchA.waitUntilExit() } }
        #expect(try Waiting.until(seconds: 300) { try jobIDs("A.sqlite", in: folder).count == 2 })
        let ofA = try jobIDs("A.sqlite", in: folder)

        let launchB = try CommandRunner.start(["sweep", "launch", "spec.yaml", "--ledger", "B.sqlite", "--max-parallel", "2"], in: folder)
        #expect(try Waiting.until(seconds: 300) { try jobIDs("B.sqlite", in: folder).count == 2 })
        kill(launchB.processIdentifier, SIGINT)
        launchB.waitUntilExit()
        #expect(launchB.terminationStatus == 130)
        let ofB = try jobIDs("B.sqlite", in: folder)
        #expect(ofA.isDisjoint(with: ofB), "ledger B adopted ledger A's jobs: \(ofA.intersection(ofB).sorted())")
        for job in ofA {
            #expect(!FileManager.default.fileExists(atPath: "\(jobs)/\(job)/cancel"), "ledger B cancelled ledger A's job \(job)")
        }
        for job in ofB.subtracting(ofA) {
            #expect(FileManager.default.fileExists(atPath: "\(jobs)/\(job)/cancel"), "B's Ctrl-C cancels B's own job \(job)")
        }
        #expect(launchA.isRunning, "A's launch goes on")
        #expect(try runs("A.sqlite", in: folder).allSatisfy { $0["state"] as? String != "cancelled" })
    }
}
