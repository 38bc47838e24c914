import Foundation
@testable import Ledger
import Orchestration
import SweepCore
import TestSupport
import Testing

private func ledgerWithTwoRuns() throws -> (Ledger, RunRecord, RunRecord) {
    let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("promote") + "/ledger.sqlite")
    try ledger.registerDataset(DatasetRecord(digest: "sha256:aa", name: nil, bytes: 1, examples: 10, tokens: 10, assistantTokens: 1, encoding: "o200k_base", tokensExact: true, format: "chat"), path: "/d")
    let sweep = try ledger.saveSweep(SweepRecord(name: "s", specText: "", specDigest: "", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "local"))
    func run(_ key: String, loss: Double, model: String) throws -> RunRecord {
        let run = try ledger.insertRun(RunRecord(sweepID: sweep.id, trialKey: key, model: "local-small", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1, seed: 0, trainingDigest: "sha256:aa", validationDigest: nil, provider: "local", requestJSON: "{}", estimatedCostNanos: 0))
        try ledger.recordMetrics([MetricRow(step: 1, trainLoss: loss, fullValidLoss: loss)], run: run.id)
        try ledger.finishRun(run.id, RunOutcome(state: .succeeded, fineTunedModel: model))
        return try ledger.run(run.id)
    }
    return (ledger, try run("a", loss: 0.5, model: "ft:a"), try run("b", loss: 0.2, model: "ft:b"))
}

@Suite struct PromotionTests {
    @Test func requireBetterRefusesAWorseCandidateAndChangesNothing() throws {
        let (ledger, worse, better) = try ledgerWithTwoRuns()
        let promotion = Promotion(ledger: ledger)
        _ = try promotion.promote(run: better, model: "ft:b", alias: "prod", reason: "first", requireBetter: true)
        #expect(throws: PromotionError.self) { try promotion.promote(run: worse, model: "ft:a", alias: "prod", reason: nil, requireBetter: true) }
        #expect(try ledger.alias("prod")?.modelID == "ft:b")
        #expect(try ledger.aliasHistory("prod").count == 1)
    }

    @Test func historyIsAppendOnlyAndRollbackRestoresThePreviousHolder() throws {
        let (ledger, first, second) = try ledgerWithTwoRuns()
        let promotion = Promotion(ledger: ledger)
        _ = try promotion.promote(run: first, model: "ft:a", alias: "prod", reason: nil, requireBetter: false)
        _ = try promotion.promote(run: second, model: "ft:b", alias: "prod", reason: nil, requireBetter: true)
        let rolled = try promotion.rollback(alias: "prod")
        #expect(rolled.modelID == "ft:a" && rolled.runID == first.id)
        #expect(try ledger.aliasHistory("prod").map(\.modelID) == ["ft:a", "ft:b", "ft:a"])
        #expect(try ledger.aliases().map(\.modelID) == ["ft:a"])
        #expect(throws: PromotionError.nothingToRollBack(alias: "new")) {
            _ = try promotion.promote(run: nil, model: "ft:x", alias: "new", reason: nil, requireBetter: false)
            return try promotion.rollback(alias: "new")
        }
    }

    @Test func rollingBackTwiceStepsBackThroughTheHistoryInsteadOfToggling() throws {
        let (ledger, _, _) = try ledgerWithTwoRuns()
        let promotion = Promotion(ledger: ledger)
        for model in ["ft:a", "ft:b", "ft:c"] {
            _ = try promotion.promote(run: nil, model: model, alias: "prod", reason: nil, requireBetter: false)
        }
        #expect(try promotion.rollback(alias: "prod").modelID == "ft:b")
        #expect(try promotion.rollback(alias: "prod").modelID == "ft:a")
        #expect(throws: PromotionError.nothingToRollBack(alias: "prod")) { try promotion.rollback(alias: "prod") }
        // A promotion after rollbacks stacks on what the alias holds now.
        _ = try promotion.promote(run: nil, model: "ft:d", alias: "prod", reason: nil, requireBetter: false)
        #expect(try promotion.rollback(alias: "prod").modelID == "ft:a")
        #expect(try ledger.aliasHistory("prod").map(\.modelID) == ["ft:a", "ft:b", "ft:c", "ft:b", "ft:a", "ft:d", "ft:a"])
    }

    @Test func rankingReadsSummaryColumnsNeverTheMetricsTable() throws {
        let (ledger, _, _) = try ledgerWithTwoRuns()
        for sort in RunQuery.sortColumns.keys {
            let (sql, values) = try Ledger.sql(for: RunQuery(sweep: "s", sortMetric: sort, states: [.succeeded], limit: 10))
            let plan = try ledger.database.statement("EXPLAIN QUERY PLAN " + sql).rows(values)
            let text = plan.map { $0.map { $0.string ?? "" }.joined(separator: " ") }.joined(separator: "\n")
            #expect((text.contains("SCAN r") || text.contains("SEARCH r")) && !text.contains("metrics"), "\(text)")
        }
        #expect(try ledger.runs(RunQuery(sortMetric: "full_valid_loss", states: [.succeeded])).map(\.fineTunedModel) == ["ft:b", "ft:a"])
    }

    /// Ranking walks an index in metric order and stops at the limit (no sort of every run), which is
    /// what keeps `best` as fast at 100,000 runs as at 1,000. Every catalogue metric has its indexes.
    @Test(arguments: Metric.allCases)
    func rankingByAMetricReadsItsIndexInOrder(metric: Metric) throws {
        let (ledger, _, _) = try ledgerWithTwoRuns()
        for sweep in [nil, "s"] {
            let query = RunQuery(sweep: sweep, sortMetric: metric.name, descending: metric.goal == .maximize, states: [.succeeded], limit: 1)
            let (sql, values) = try Ledger.sql(for: query)
            let text = try ledger.database.statement("EXPLAIN QUERY PLAN " + sql).rows(values).map { $0.map { $0.string ?? "" }.joined(separator: " ") }.joined(separator: "\n")
            #expect(text.contains("INDEX runs_\(sweep == nil ? "" : "sweep_")rank_\(metric.column)") && !text.contains("TEMP B-TREE"), "\(text)")
        }
    }
}

@Suite struct RankingTests {
    @Test func checkpointsCompeteOnlyWhenAskedAndOnlyWhenBetter() throws {
        let (ledger, _, better) = try ledgerWithTwoRuns()  // final full_valid_loss 0.5 and 0.2
        try ledger.recordCheckpoints([(step: 1, modelID: "ft:b:ckpt-step-1", metricsJSON: #"{"full_valid_loss":0.1}"#)], run: better.id)
        let ranking = Ranking(ledger: ledger)
        #expect(try ranking.best(sweep: "s", metric: nil, includeCheckpoints: false)?.candidate.modelID == "ft:b")
        #expect(try ranking.best(sweep: "s", metric: nil, includeCheckpoints: true)?.candidate.modelID == "ft:b:ckpt-step-1")
        // A metric checkpoints do not carry keeps the runs only.
        #expect(try ranking.best(sweep: "s", metric: "final_train_loss", includeCheckpoints: true)?.candidate.modelID == "ft:b")
        try ledger.recordCheckpoints([(step: 1, modelID: "ft:b:ckpt-step-1", metricsJSON: #"{"full_valid_loss":0.9}"#)], run: better.id)
        #expect(try ranking.best(sweep: "s", metric: nil, includeCheckpoints: true)?.candidate.modelID == "ft:b")
    }
}
