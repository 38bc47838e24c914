import Foundation
@testable import Ledger
import SweepCore
import TestSupport
import Testing

/// A run's first rows are summarised in memory (`MetricSummary`), later ones by reading the ledger
/// (`refreshSummary`): both must give every summary column the same figure.
@Suite struct MetricSummaryTests {
    private func ledgerWithDataset() throws -> Ledger {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("summary") + "/ledger.sqlite")
        try ledger.registerDataset(DatasetRecord(
            digest: "sha256:6dfca047aa", name: nil, bytes: 1, examples: 10, tokens: 1, assistantTokens: 1, encoding: "o200k_base",
            tokensExact: true, format: "chat"), path: "/t")
        return ledger
    }

    private func newRun(_ ledger: Ledger, _ key: String) throws -> Int {
        try ledger.insertRun(RunRecord(
            sweepID: nil, trialKey: key, model: "local-small", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1, seed: 1,
            trainingDigest: "sha256:6dfca047aa", validationDigest: nil, provider: "local", requestJSON: "{}", estimatedCostNanos: 0)).id
    }

    private func summaryColumns(_ run: RunRecord) -> [String] {
        ["\(String(describing: run.steps))"] + Metric.allCases.map { "\($0.name)=\(String(describing: run[$0]))" }
    }

    /// Seeded rows with what ingest meets: gaps, steps given twice (out of order), sparse series, the
    /// legacy classification series, NaN and figures beyond the divergence threshold.
    private func rows(_ generator: inout SplitMix64) -> [MetricRow] {
        let count = 1 + Int(generator.unit() * 40)
        let present = MetricSeries.allCases.filter { _ in generator.unit() < 0.6 }
        var rows: [MetricRow] = []
        for index in 0..<count {
            var row = MetricRow(step: generator.unit() < 0.15 ? Int(generator.unit() * Double(index + 1)) : index + 1)
            for series in present where generator.unit() < 0.7 {
                let draw = generator.unit()
                row[series] = draw < 0.01 ? .nan : draw < 0.02 ? 1e16 : generator.unit() * 3 - 0.5
            }
            rows.append(row)
        }
        return rows
    }

    @Test func aRunsFirstRowsAreSummarisedAsReadingThemBackWould() throws {
        let ledger = try ledgerWithDataset()
        var generator = SplitMix64(seed: 17)
        var diverged = 0, duplicated = 0
        for trial in 0..<300 {
            let rows = rows(&generator)
            let run = try newRun(ledger, "t\(trial)")
            let written = try ledger.recordMetrics(rows, run: run)
            let inMemory = try ledger.run(run)
            try ledger.refreshSummary(of: run, series: written)
            let readBack = try ledger.run(run)
            #expect(summaryColumns(inMemory) == summaryColumns(readBack), "trial \(trial): \(rows)")
            if MetricSummary(rows).diverged { diverged += 1 }
            if Set(rows.map(\.step)).count < rows.count { duplicated += 1 }
        }
        // The draws reach the cases the summary must get right.
        #expect(diverged > 10 && diverged < 290 && duplicated > 10)
    }

    @Test func aStepGivenTwiceKeepsItsLastFigureForTheMinimum() throws {
        let ledger = try ledgerWithDataset()
        let run = try newRun(ledger, "twice")
        try ledger.recordMetrics([
            MetricRow(step: 1, validLoss: 0.1), MetricRow(step: 2, validLoss: 0.5), MetricRow(step: 1, validLoss: 0.3),
        ], run: run)
        let record = try ledger.run(run)
        #expect(record[.minValidLoss] == 0.3)
        #expect(record[.finalValidLoss] == 0.5)
        #expect(record.steps == 2)
    }
}
