import Foundation
import Ledger
import Orchestration
import Providers
import SweepCore
import TestSupport
import Testing

private func fixture(_ name: String) throws -> ImportedResults {
    let path = TestPaths.fixture("OrchestrationTests", "ingest/\(name)")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    return try ImportedResults.read([UInt8](bytes), file: name)
}

private func ledgerWithRun() throws -> (Ledger, Int, String) {
    let path = TestPaths.scratchDirectory("ingest") + "/ledger.sqlite"
    let ledger = try Ledger.openOrCreate(at: path)
    try ledger.registerDataset(DatasetRecord(digest: "sha256:aa", name: nil, bytes: 1, examples: 10, tokens: 10, assistantTokens: 1, encoding: "o200k_base", tokensExact: true, format: "chat"), path: "/d")
    let run = try ledger.insertRun(RunRecord(sweepID: nil, trialKey: "k", model: "gpt-4o-mini-2024-07-18", nEpochs: 3, batchSize: 1, learningRateMultiplier: 1, seed: 0, trainingDigest: "sha256:aa", validationDigest: nil, provider: "openai@x", requestJSON: "{}", estimatedCostNanos: nil))
    return (ledger, run.id, path)
}

@Suite struct IngestTests {
    @Test func theCurrentResultFileWithValidationEveryTenSteps() throws {
        let imported = try fixture("step_metrics.csv")
        #expect(imported.format == .resultCSV)
        #expect(imported.metrics.count == 30)
        #expect(imported.metrics.filter { $0.validLoss != nil }.map(\.step) == [10, 20, 30])
        #expect(imported.metrics[4].trainLoss == 7e-05)
        #expect(imported.metrics[9].validLoss == 0.22 && imported.metrics[29].validAccuracy == 0.96774)
    }

    @Test func base64BodiesReadAsTheCSVTheyEncode() throws {
        #expect(try fixture("step_metrics.base64").metrics == fixture("step_metrics.csv").metrics)
    }

    @Test func legacyFilesWithAndWithoutValidationColumns() throws {
        let legacy = try fixture("compiled_results.csv")
        #expect(legacy.format == .legacyCSV)
        #expect(legacy.metrics.count == 15)
        #expect(legacy.metrics[6].validLoss == 0.9 / 7 && legacy.metrics[6].validAccuracy == 0.6)
        #expect(legacy.metrics[0].trainLoss == 1.3 && legacy.metrics[0].trainAccuracy == 0.51)
        #expect(legacy.metrics[14].classificationAccuracy == 0.91 && legacy.metrics[14].classificationAUROC == 0.95)
        #expect(legacy.metrics[14].classificationF1 == 0.91 && legacy.metrics[13].classificationAccuracy == nil)
        let bare = try fixture("compiled_results_no_validation.csv")
        #expect(bare.metrics.count == 10 && bare.metrics.allSatisfy { $0.validLoss == nil })
    }

    @Test func eventsAsAPageAnArrayOrLinesAgree() throws {
        let page = try fixture("events_page.json"), array = try fixture("events_array.json"), lines = try fixture("events.jsonl")
        #expect([page.format, array.format, lines.format] == [.eventsPage, .eventsArray, .eventsLines])
        #expect(page.events == array.events && array.events == lines.events)
        #expect(page.events.count == 6 && page.events.first?.message == "Fine-tuning job started")
        #expect(page.metrics.count == 5 && page.metrics.last?.fullValidLoss == 0.31)
    }

    @Test func checkpointsBecomeCheckpointsAndFullValidationRows() throws {
        let imported = try fixture("checkpoints_page.json")
        #expect(imported.checkpoints.map(\.step) == [10, 20])
        #expect(imported.metrics.map(\.fullValidLoss) == [0.7, 0.5])
    }

    /// The format is read from the content: what each object says it is, never the file's name.
    @Test func theLocalTrainersFilesReadAsWhatTheyAreAndOtherObjectsAreRefused() throws {
        func read(_ text: String) throws -> ImportedResults { try ImportedResults.read(Array(text.utf8), file: "f") }
        let checkpoints = try read(#"[{"id":"c","step":2,"model":"ft:m","metrics":{"full_valid_loss":0.5}}]"#)
        #expect(checkpoints.format == .checkpointsArray && checkpoints.checkpoints.map(\.step) == [2])
        let lines = try read(#"{"id":"e1","created_at":1,"level":"info","type":"message","message":"hi"}"# + "\n" + #"{"id":"e2","message":"bye","data":{}}"#)
        #expect(lines.format == .eventsLines && lines.events.map(\.type) == ["message", "message"] && lines.events[1].data == nil)
        #expect(throws: ImportedResults.Failure(file: "f", line: 1, message: "not a fine-tuning list page: missing 'data'")) {
            try read(#"{"object":"fine_tuning.job","id":"ftjob-1","status":"running"}"#)
        }
        #expect(throws: ImportedResults.Failure(file: "f", line: 1, message: "a list of 'fine_tuning.job' objects; expected fine-tuning events or checkpoints")) {
            try read(#"{"object":"list","data":[{"object":"fine_tuning.job","id":"ftjob-1"}]}"#)
        }
    }

    @Test func aMalformedFileNamesItsLineAndIngestsNothing() throws {
        #expect(throws: ImportedResults.Failure(file: "malformed.csv", line: 4, message: "'oops' in column train_loss is not a number")) {
            try fixture("malformed.csv")
        }
    }

    @Test func ingestingTwiceLeavesTheLedgerAsItWas() throws {
        let (ledger, run, path) = try ledgerWithRun()
        let files = try ["step_metrics.csv", "events_page.json", "checkpoints_page.json"].map(fixture)
        try ledger.record(files, run: run)
        let once = try ledger.info()
        let metrics = try ledger.metrics(run: run)
        let summary = try ledger.run(run)
        try ledger.record(files, run: run)
        #expect(try ledger.info() == once)
        #expect(try ledger.metrics(run: run) == metrics)
        #expect(try ledger.run(run) == summary)
        #expect(summary.steps == 30 && summary.fullValidLoss == 0.5 && summary.minValidLoss == 0.07333)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFailureInsideTheBatchRollsBackEveryFile() throws {
        let (ledger, run, _) = try ledgerWithRun()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try ledger.transaction {
                try ledger.record([try fixture("step_metrics.csv")], run: run)
                throw Boom()
            }
        }
        #expect(try ledger.metrics(run: run).isEmpty)
    }

    /// The legacy API's classification figures are catalogue metrics: a fine-tune of 2022 filters and ranks by them.
    @Test func legacyClassificationColumnsRankAndFilter() throws {
        let (ledger, run, _) = try ledgerWithRun()
        try ledger.finishRun(run, RunOutcome(state: .succeeded, fineTunedModel: "ft:legacy"))
        try ledger.record([try fixture("compiled_results.csv")], run: run)
        let summary = try ledger.run(run)
        #expect(summary.classificationAccuracy == 0.91 && summary.classificationPrecision == 0.9 && summary.classificationRecall == 0.92)
        #expect(summary.classificationAUROC == 0.95 && summary.classificationAUPRC == 0.94 && summary.classificationF1 == 0.91)
        #expect(try ledger.metrics(run: run)[14].classificationAUPRC == 0.94)
        let other = try ledger.insertRun(RunRecord(
            sweepID: nil, trialKey: "k2", model: "babbage-002", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1, seed: 0,
            trainingDigest: "sha256:aa", validationDigest: nil, provider: "openai@x", requestJSON: "{}", estimatedCostNanos: nil))
        try ledger.finishRun(other.id, RunOutcome(state: .succeeded, fineTunedModel: "ft:other"))
        try ledger.recordMetrics([MetricRow(step: 1, trainLoss: 0.5)], run: other.id)

        let filter = try RunFilterParser.parse("classification_accuracy > 0.9 and classification_f1:last >= 0.91")
        #expect(try ledger.runs(RunQuery(filter: filter)).map(\.id) == [run])
        let sorted = try ledger.runs(RunQuery(sortMetric: "classification_auroc", descending: true))
        #expect(sorted.map(\.id) == [run, other.id])
        let best = try Ranking(ledger: ledger).best(sweep: nil, metric: "classification_accuracy", includeCheckpoints: false)
        #expect(best?.candidate.modelID == "ft:legacy")
    }

    /// Rows without the classification figures leave them as they were (no read of every row to learn
    /// a run has none), and a divergence clears them with every other summary.
    @Test func laterRowsKeepTheClassificationFiguresUntilTheRunDiverges() throws {
        let (ledger, run, _) = try ledgerWithRun()
        try ledger.record([try fixture("compiled_results.csv")], run: run)
        try ledger.recordMetrics([MetricRow(step: 16, trainLoss: 0.05, validLoss: 0.06)], run: run)
        let kept = try ledger.run(run)
        #expect(kept.classificationAccuracy == 0.91 && kept.finalTrainLoss == 0.05 && kept.steps == 16)
        var row = MetricRow(step: 17)
        row[.classificationRecall] = 0.5
        try ledger.recordMetrics([row], run: run)
        #expect(try ledger.run(run).classificationRecall == 0.5)
        try ledger.recordMetrics([MetricRow(step: 18, trainLoss: .nan)], run: run)
        let diverged = try ledger.run(run)
        #expect(diverged.classificationAccuracy == nil && diverged.classificationRecall == nil && diverged.finalTrainLoss == nil)
    }
}
