import Foundation
import Ledger
import SweepCore
import TestSupport
import Testing

/// The contract of `LedgerStore`, through the protocol alone: every store passes it. A second store
/// (PostgreSQL for teams) adds its maker to `stores`.
@Suite struct LedgerContractTests {
    static let stores: [String: @Sendable () throws -> any LedgerStore] = [
        "sqlite": { try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/ledger.sqlite") },
    ]

    private struct UnknownStore: Error {}

    private static func store(_ name: String) throws -> any LedgerStore {
        guard let make = stores[name] else { throw UnknownStore() }
        return try make()
    }

    private static func dataset(_ digest: String) -> DatasetRecord {
        DatasetRecord(
            digest: "sha256:" + digest, name: "d", bytes: 10, examples: 12, tokens: 100, assistantTokens: 20, encoding: "o200k_base",
            tokensExact: true, format: "chat")
    }

    /// A store with one dataset, one sweep and runs of it whose full validation losses are `losses`.
    private static func populated(_ store: any LedgerStore, losses: [Double?]) throws -> (sweep: SweepRecord, runs: [RunRecord]) {
        _ = try store.registerDataset(dataset("aa"), path: "/data/train.jsonl")
        let sweep = try store.saveSweep(SweepRecord(
            name: "s", specText: "name: s", specDigest: "x", method: "grid", metric: Metric.fullValidLoss.name,
            goal: .minimize, provider: "p"))
        var runs: [RunRecord] = []
        for (index, loss) in losses.enumerated() {
            let run = try store.insertRun(RunRecord(
                sweepID: sweep.id, trialKey: "k\(index)", model: "m", nEpochs: index + 1, batchSize: 8, learningRateMultiplier: 0.5, seed: 1,
                trainingDigest: "sha256:aa", validationDigest: nil, provider: "p", requestJSON: "{}", estimatedCostNanos: 10,
                parameters: ParameterValues(["lora_r": .int(8 * (index + 1))])))
            if let loss {
                _ = try store.recordMetrics([MetricRow(step: 1, trainLoss: loss, fullValidLoss: loss)], run: run.id, refreshingSummary: true)
            }
            try store.finishRun(run.id, RunOutcome(state: .succeeded, fineTunedModel: "ft:m:\(index)", trainedTokens: 100))
            runs.append(try store.run(run.id))
        }
        return (sweep, runs)
    }

    @Test(arguments: stores.keys.sorted())
    func savingTheSameThingAgainUpdatesItNeverDuplicatesIt(store name: String) throws {
        let store = try Self.store(name)
        _ = try store.registerDataset(Self.dataset("aa"), path: "/a.jsonl")
        _ = try store.registerDataset(Self.dataset("aa"), path: "/b.jsonl")
        #expect(try store.datasets().count == 1)
        #expect(try store.dataset(matching: "aa").paths.map(\.path).sorted() == ["/a.jsonl", "/b.jsonl"])
        let first = try store.saveSweep(SweepRecord(
            name: "s", specText: "one", specDigest: "1", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "p"))
        let second = try store.saveSweep(SweepRecord(
            name: "s", specText: "two", specDigest: "2", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "p"))
        let sweeps = try store.sweeps()
        #expect(first.id == second.id && sweeps.map(\.specText) == ["two"])
        #expect(try store.sweep(named: String(first.id)).name == "s")
        #expect(throws: LedgerError.notFound(what: "sweep", key: "nope")) { try store.sweep(named: "nope") }
    }

    @Test(arguments: stores.keys.sorted())
    func aRunReadsBackAsItWasWrittenAndEnds(store name: String) throws {
        let store = try Self.store(name)
        let (sweep, runs) = try Self.populated(store, losses: [0.4])
        let run = runs[0]
        #expect(run.sweepName == sweep.name && run.trialKey == "k0" && run.nEpochs == 1 && run.learningRateMultiplier == 0.5)
        #expect(run.parameters[ParameterName("lora_r")] == .int(8) && run.trainingDigest == "sha256:aa" && run.validationDigest == nil)
        #expect(run.state == .succeeded && run.fineTunedModel == "ft:m:0" && run.trainedTokens == 100 && run.fullValidLoss == 0.4)
        #expect(try store.finishedRun(trialKey: "k0")?.id == run.id && store.run(producing: "ft:m:0")?.id == run.id)
        #expect(try store.parameterNames().contains("lora_r"))
        let again = try store.insertRun(RunRecord(
            sweepID: sweep.id, trialKey: "k0", model: "m", nEpochs: 1, batchSize: 8, learningRateMultiplier: 0.5, seed: 1,
            trainingDigest: "sha256:aa", validationDigest: nil, provider: "p", requestJSON: "{}", estimatedCostNanos: 10))
        #expect(again.attempt == 2 && again.id != run.id && again.state == .pending)
        #expect(try store.latestRun(sweep: "s", trialKey: "k0")?.id == again.id && store.unfinishedRuns(sweep: sweep.id).map(\.id) == [again.id])
        #expect(throws: LedgerError.self) { try store.run(999) }
    }

    @Test(arguments: stores.keys.sorted())
    func rankingOrdersBySummaryWithRunsWithoutTheFigureLast(store name: String) throws {
        let store = try Self.store(name)
        let (_, runs) = try Self.populated(store, losses: [0.5, nil, 0.2, 0.5])
        let ranked = try store.runs(RunQuery(sweep: "s", sortMetric: "full_valid_loss", states: [.succeeded]))
        #expect(ranked.map(\.id) == [runs[2].id, runs[0].id, runs[3].id, runs[1].id])
        let descending = try store.runs(RunQuery(sweep: "s", sortMetric: "full_valid_loss", descending: true, states: [.succeeded], limit: 1))
        #expect(descending.map(\.id) == [runs[0].id])
        let filtered = try store.runs(RunQuery(sweep: "s", filter: try RunFilterParser.parse("lora_r >= 24")))
        #expect(Set(filtered.map(\.id)) == [runs[2].id, runs[3].id])
    }

    @Test(arguments: stores.keys.sorted())
    func aTransactionKeepsAllOfItsWritesOrNone(store name: String) throws {
        let store = try Self.store(name)
        let (_, runs) = try Self.populated(store, losses: [0.5])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.transaction {
                _ = try store.recordMetrics([MetricRow(step: 2, trainLoss: 0.1)], run: runs[0].id, refreshingSummary: true)
                try store.transaction {
                    try store.setRunState(runs[0].id, .cancelled)
                }
                throw Boom()
            }
        }
        #expect(try store.metrics(run: runs[0].id).map(\.step) == [1] && store.run(runs[0].id).state == .succeeded)
        try store.transaction {
            _ = try store.recordMetrics([MetricRow(step: 2, trainLoss: 0.1)], run: runs[0].id, refreshingSummary: true)
        }
        #expect(try store.metrics(run: runs[0].id).map(\.step) == [1, 2])
    }

    @Test(arguments: stores.keys.sorted())
    func aStepEventOrCheckpointStoredAgainChangesNothing(store name: String) throws {
        let store = try Self.store(name)
        let (_, runs) = try Self.populated(store, losses: [0.5])
        let run = runs[0].id
        _ = try store.recordMetrics([MetricRow(step: 1, trainLoss: 0.3, fullValidLoss: 0.3)], run: run, refreshingSummary: true)
        #expect(try store.metrics(run: run).count == 1 && store.run(run).fullValidLoss == 0.3)
        for _ in 0..<2 {
            try store.recordEvents([(id: "e1", createdAt: 5, level: "info", type: "message", message: "hi", dataJSON: nil)], run: run)
            try store.recordCheckpoints([(step: 1, modelID: "ft:m:ckpt-1", metricsJSON: nil)], run: run)
        }
        #expect(try store.events(run: run).map(\.id) == ["e1"] && store.lastEventID(run: run) == "e1")
        #expect(try store.checkpoints(run: run).map(\.model) == ["ft:m:ckpt-1"])
    }

    @Test(arguments: stores.keys.sorted())
    func sweepStatesMoveOnlyFromWhatTheCallerExpects(store name: String) throws {
        let store = try Self.store(name)
        let (sweep, _) = try Self.populated(store, losses: [])
        #expect(try store.setSweepState(sweep.id, .paused, reason: "by hand", onlyFrom: [.running]))
        #expect(try !store.setSweepState(sweep.id, .finished, reason: nil, onlyFrom: [.running]))
        let (state, reason) = try store.sweepState(sweep.id)
        #expect(state == .paused && reason == "by hand")
        #expect(try store.claimSweep(sweep.id, owner: "a", now: 1) { _, _ in false } == nil)
        #expect(try store.claimSweep(sweep.id, owner: "b", now: 2) { _, _ in false } == "a")
        try store.releaseSweep(sweep.id, owner: "a")
        #expect(try store.sweepLauncher(sweep.id) == nil)
    }

    @Test(arguments: stores.keys.sorted())
    func aliasesKeepTheirHistoryAndEvaluationsOneRowPerModelAndFile(store name: String) throws {
        let store = try Self.store(name)
        let (_, runs) = try Self.populated(store, losses: [0.5, 0.4])
        _ = try store.setAlias("prod", model: "ft:m:0", run: runs[0].id, reason: nil, rollbackOf: nil)
        _ = try store.setAlias("prod", model: "ft:m:1", run: runs[1].id, reason: "better", rollbackOf: nil)
        #expect(try store.aliasHistory("prod").map(\.modelID) == ["ft:m:0", "ft:m:1"] && store.alias("prod")?.reason == "better")
        for exact in [3, 4] {
            _ = try store.saveEvaluation(EvaluationRecord(
                model: "ft:m:0", runID: runs[0].id, testDigest: "sha256:tt", testPath: "/t.jsonl", kind: .text, examples: 4, exactMatches: exact,
                macroPrecision: nil, macroRecall: nil, macroF1: nil, tokenF1: 0.5, details: .init()))
        }
        #expect(try store.evaluations(models: ["ft:m:0"]).map(\.exactMatches) == [4])
        #expect(try store.evaluation(model: "ft:m:0", testDigest: "sha256:tt")?.accuracy == 1)
    }
}
