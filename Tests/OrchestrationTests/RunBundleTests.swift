import Foundation
import Ledger
import Orchestration
import SweepCore
import TestSupport
import Testing

private func dataset() -> DatasetRecord {
    DatasetRecord(digest: "sha256:aa", name: nil, bytes: 1, examples: 10, tokens: 10, assistantTokens: 1, encoding: "o200k_base", tokensExact: true, format: "chat")
}

private func run(sweep: Int?, key: String) -> RunRecord {
    RunRecord(sweepID: sweep, trialKey: key, model: "local-small", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1, seed: 0,
              trainingDigest: "sha256:aa", validationDigest: nil, provider: "local", requestJSON: "{}", estimatedCostNanos: nil)
}

/// A ledger with 16 ended runs: 4 trials of a sweep with 3 attempts each (reproductions), and 4 imported
/// runs sharing one trial key; every run has its own metric rows.
private func sixteenRuns() throws -> Ledger {
    let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/source.sqlite")
    try ledger.registerDataset(dataset(), path: "/data/train.jsonl")
    let sweep = try ledger.saveSweep(SweepRecord(
        name: "s", specText: "name: s", specDigest: "sha256:bb", method: "grid", metric: "min_valid_loss", goal: .minimize, provider: "local"))
    var made: [RunRecord] = []
    for key in ["k1", "k2", "k3", "k4"] { for _ in 1...3 { made.append(try ledger.insertRun(run(sweep: sweep.id, key: key))) } }
    for _ in 1...4 { made.append(try ledger.insertRun(run(sweep: nil, key: "shared"))) }
    for (index, record) in made.enumerated() {
        try ledger.recordMetrics((1...3).map { MetricRow(step: $0, trainLoss: Double(index) + 1 / Double($0), validLoss: Double(index)) }, run: record.id)
        try ledger.finishRun(record.id, RunOutcome(state: index % 5 == 4 ? .failed : .succeeded, fineTunedModel: "m\(index)"))
    }
    return ledger
}

private func export(_ ledger: Ledger) throws -> String {
    let path = TestPaths.scratchDirectory("bundle") + "/bundle.jsonl"
    var text = ""
    try RunBundle.export(from: ledger, sweep: nil, write: { text += $0 })
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func summary(_ ledger: Ledger) throws -> [String] {
    try ledger.runs(RunQuery()).map { run in
        "\(run.sweepName ?? "-") \(run.trialKey) \(run.attempt) \(run.state) \(run.fineTunedModel ?? "-") \(run.steps ?? 0) \(run.minValidLoss ?? -1) "
            + "\(try ledger.metrics(run: run.id).count)"
    }
}

@Suite struct RunBundleTests {
    @Test func aRoundTripIntoAnEmptyLedgerKeepsEveryRunAttemptsAndSharedKeysIncluded() throws {
        let source = try sixteenRuns()
        let bundle = try export(source)
        let target = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/target.sqlite")
        let outcome = try RunBundle.import(from: try BundleReader(path: bundle), into: target)
        #expect(outcome.imported == 16 && outcome.skipped == 0 && outcome.datasets == 1 && outcome.sweeps == 1)
        #expect(try summary(target) == summary(source))
    }

    @Test func importingTheSameBundleAgainOrIntoItsOwnLedgerChangesNothing() throws {
        let source = try sixteenRuns()
        let bundle = try export(source)
        let target = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/target.sqlite")
        _ = try RunBundle.import(from: try BundleReader(path: bundle), into: target)
        #expect(try RunBundle.import(from: try BundleReader(path: bundle), into: target).skipped == 16)
        #expect(try RunBundle.import(from: try BundleReader(path: bundle), into: source).skipped == 16)
        // A run exported on from the copy is still the same run.
        let onward = try export(target)
        #expect(try RunBundle.import(from: try BundleReader(path: onward), into: source).skipped == 16)
        #expect(try target.runs(RunQuery()).count == 16 && source.runs(RunQuery()).count == 16)
    }

    @Test func aLongRunIsWrittenInBoundedLinesAndReadBackWhole() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/long.sqlite")
        try ledger.registerDataset(dataset(), path: "/data/train.jsonl")
        let long = try ledger.insertRun(run(sweep: nil, key: "long"))
        try ledger.recordMetrics((1...12_345).map { MetricRow(step: $0, trainLoss: 1 / Double($0), validLoss: $0 % 100 == 0 ? 2 / Double($0) : nil) }, run: long.id)
        try ledger.finishRun(long.id, RunOutcome(state: .succeeded))
        let bundle = try export(ledger)
        let lines = try String(contentsOfFile: bundle, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)  // dataset, run, three lines of metric rows
        #expect(lines.allSatisfy { $0.utf8.count < 1 << 20 })
        let target = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/target.sqlite")
        var seen: [RunBundle.Progress] = []
        _ = try RunBundle.import(from: try BundleReader(path: bundle), into: target) { seen.append($0) }
        #expect(try summary(target) == summary(ledger))
        #expect(seen.last?.metricRows == 12_345 && seen.last?.bytes == seen.last?.totalBytes)
    }

    @Test func rowsWithoutTheirRunLineAreRefusedAndNothingIsImported() throws {
        let path = TestPaths.scratchDirectory("bundle") + "/orphan.jsonl"
        try #"{"metrics":[{"step":1}],"origin":"x/1","type":"metrics"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let target = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("bundle") + "/target.sqlite")
        let error = #expect(throws: RunBundle.Failure.self) { try RunBundle.import(from: try BundleReader(path: path), into: target) }
        #expect(error?.description == "line 1: metrics of a run whose line does not come just before them")
        #expect(try target.runs(RunQuery()).isEmpty)
    }
}
