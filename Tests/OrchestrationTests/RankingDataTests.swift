import Foundation
import Ledger
import Orchestration
import SweepCore
import TestSupport
import Testing

/// A ledger with one sweep whose runs are given as (validation digest or nil, full_valid_loss or nil).
private func ledger(runs: [(validation: String?, loss: Double?)]) throws -> Ledger {
    let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("ranking") + "/ledger.sqlite")
    for digest in Set(["sha256:aa"] + runs.compactMap(\.validation)) {
        try ledger.registerDataset(
            DatasetRecord(digest: digest, name: nil, bytes: 1, examples: 10, tokens: 10, assistantTokens: 1, encoding: "o200k_base",
                          tokensExact: true, format: "chat"), path: "/\(digest)")
    }
    let sweep = try ledger.saveSweep(SweepRecord(
        name: "s", specText: "", specDigest: "", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "local"))
    for (index, run) in runs.enumerated() {
        let inserted = try ledger.insertRun(RunRecord(
            sweepID: sweep.id, trialKey: "k\(index)", model: "local-small", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1,
            seed: 0, trainingDigest: "sha256:aa", validationDigest: run.validation, provider: "local", requestJSON: "{}",
            estimatedCostNanos: 0))
        try ledger.recordMetrics([MetricRow(step: 1, trainLoss: 1 + Double(index), fullValidLoss: run.loss)], run: inserted.id)
        try ledger.finishRun(inserted.id, RunOutcome(state: .succeeded, fineTunedModel: "ft:\(index)"))
    }
    return ledger
}

@Suite struct RankingDataTests {
    @Test func aMetricNoRunHasIsRefusedNotGuessed() throws {
        let ranking = Ranking(ledger: try ledger(runs: [(nil, nil), (nil, nil)]))
        #expect(throws: RankingError.noRunHasMetric(metric: "full_valid_loss", sweep: "s")) {
            try ranking.best(sweep: "s", metric: nil, includeCheckpoints: false)
        }
        #expect(throws: RankingError.noRunHasMetric(metric: "full_valid_loss", sweep: nil)) {
            try ranking.best(sweep: nil, metric: nil, includeCheckpoints: false)
        }
        // A metric the runs have still ranks: the lowest training loss is the first run's.
        #expect(try ranking.best(sweep: "s", metric: "final_train_loss", includeCheckpoints: false)?.candidate.modelID == "ft:0")
    }

    @Test func onlyRunsOnTheNewestValidationDataCompeteUnlessAskedOtherwise() throws {
        // The old validation file gave a lower loss; the newest run was measured on another file.
        let ranking = Ranking(ledger: try ledger(runs: [("sha256:01", 0.1), ("sha256:02", 0.4), ("sha256:02", 0.3)]))
        let choice = try #require(try ranking.best(sweep: "s", metric: nil, includeCheckpoints: false))
        #expect(choice.candidate.modelID == "ft:2")
        #expect(choice.outrankedOnOtherData?.fineTunedModel == "ft:0")
        let across = try #require(try ranking.best(sweep: "s", metric: nil, includeCheckpoints: false, acrossData: true))
        #expect(across.candidate.modelID == "ft:0" && across.outrankedOnOtherData == nil)
        // Training metrics compare runs on one training file, whatever their validation files.
        #expect(try ranking.best(sweep: "s", metric: "final_train_loss", includeCheckpoints: false)?.outrankedOnOtherData == nil)
    }

    @Test func whenTheNewestDataHasNoFigureNothingIsPicked() throws {
        let ranking = Ranking(ledger: try ledger(runs: [("sha256:01", 0.1), (nil, nil)]))
        #expect(throws: RankingError.noRunHasMetric(metric: "full_valid_loss", sweep: "s")) {
            try ranking.best(sweep: "s", metric: nil, includeCheckpoints: false)
        }
    }
}
