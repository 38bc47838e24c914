import Foundation
@testable import Ledger
import SweepCore
import TestSupport
import Testing

@Suite struct MigrationTests {
    @Test func aVersionOneLedgerIsUpgradedInPlaceKeepingItsRows() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        do {
            let database = try Database(path: path, create: true)
            try database.execute(Migrations.v1)
            try database.execute("PRAGMA user_version = 1")
            try database.execute("""
                INSERT INTO datasets VALUES ('sha256:aa', NULL, 1, 1, 1, 1, 'o200k_base', 1, 'chat', '2026-01-01');
                INSERT INTO sweeps (name, spec_text, spec_digest, method, metric, goal, provider, state, created_at)
                    VALUES ('old', 'name: old', 'sha256:bb', 'grid', 'full_valid_loss', 'minimize', 'local', 'finished', '2026-01-01');
                INSERT INTO runs (sweep_id, trial_key, model, training_digest, provider, job_id, state, request_json, created_at, est_cost_nanos)
                    VALUES (1, 'k', 'local-small', 'sha256:aa', 'local', 'ftjob-1', 'succeeded', '{}', '2026-01-01', 500);
                """)
        }
        let ledger = try Ledger.openExisting(at: path)
        #expect(try ledger.schemaVersion == Migrations.latestVersion)
        let sweep = try ledger.sweep(named: "old")
        #expect(sweep.state == .finished && sweep.overrides.isEmpty && sweep.specPath == nil)
        #expect(try ledger.spend(sweep: sweep.id) == SweepSpend(jobs: 1, reportedCostNanos: 0, estimatedCostNanos: 500, tokens: 0))
        #expect(try ledger.integrityProblems().isEmpty)
    }

    /// A ledger the previous ftsweep made (schema v5, real runs and metrics) upgrades in place and
    /// answers every query as before; its runs have no other parameters.
    @Test func aVersionFiveLedgerMadeByFtsweepUpgradesAndReadsAsBefore() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: "\(TestPaths.repository)/Tests/LedgerTests/Fixtures/ledger-v5.sqlite", toPath: path)
        let before = try Database(readingAt: path)
        #expect(try before.userVersion == 5)
        let columns = "id, trial_key, model, n_epochs, batch_size, state, fine_tuned_model, full_valid_loss, min_valid_loss, steps"
        let rows = try before.statement("SELECT \(columns) FROM runs ORDER BY id").rows()
        let metrics = try before.statement("SELECT run_id, step, train_loss, valid_loss FROM metrics ORDER BY run_id, step").rows()
        #expect(rows.count == 2 && metrics.count > 10)

        let ledger = try Ledger.openExisting(at: path)
        #expect(try ledger.schemaVersion == Migrations.latestVersion)
        #expect(try ledger.database.statement("SELECT \(columns) FROM runs ORDER BY id").rows() == rows)
        #expect(try ledger.database.statement("SELECT run_id, step, train_loss, valid_loss FROM metrics ORDER BY run_id, step").rows() == metrics)
        let ranked = try ledger.runs(RunQuery(sweep: "before-v6", sortMetric: "full_valid_loss"))
        let losses = rows.map { ($0[0].int!, $0[7].double!) }.sorted { $0.1 < $1.1 }
        #expect(ranked.map(\.id) == losses.map(\.0))
        #expect(ranked.allSatisfy { $0.parameters.isEmpty })
        #expect(try ledger.runs(RunQuery(filter: try RunFilterParser.parse("n_epochs = 2"))).map(\.nEpochs) == [2])
        #expect(try ledger.parameterNames().isEmpty)
        #expect(try ledger.integrityProblems().isEmpty)
    }

    /// v9's figures on the validation file come from evaluations: those stored before the upgrade fill
    /// them, one stored after sets only the runs that made the model and were validated on those bytes.
    @Test func version9TakesValidationFiguresFromEvaluationsOnTheRunsOwnValidationFile() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: "\(TestPaths.repository)/Tests/LedgerTests/Fixtures/ledger-v5.sqlite", toPath: path)
        let insert = """
            INSERT INTO evaluations (model, run_id, test_digest, test_path, kind, examples, exact_matches, accuracy, macro_f1, token_f1, details_json, created_at)
            SELECT fine_tuned_model, id, ?, 'v.jsonl', 'labels', 4, 3, 0.75, 0.5, 0.8, '{}', '2026-12-03' FROM runs WHERE id = ?
            """
        do {
            let database = try Database(path: path, create: false)
            // Run 1's model on its own validation file; run 2's on another file, which is not its figure.
            let digest = try #require(try database.statement("SELECT validation_digest FROM runs WHERE id = 1").scalar()?.string)
            try database.statement(insert).run([.text(digest), .integer(1)])
            try database.statement(insert).run([.text("sha256:" + String(repeating: "0", count: 64)), .integer(2)])
        }
        let ledger = try Ledger.openExisting(at: path)
        #expect(try ledger.schemaVersion == Migrations.latestVersion)
        let (first, second) = (try ledger.run(1), try ledger.run(2))
        #expect(first.validExactMatch == 0.75 && first.validMacroF1 == 0.5 && second.validExactMatch == nil)

        let model = try #require(second.fineTunedModel)
        var record = try #require(try ledger.evaluation(model: model, testDigest: "sha256:" + String(repeating: "0", count: 64)))
        record.testDigest = try #require(second.validationDigest)
        record.exactMatches = 4
        record.accuracy = 1
        record.macroF1 = nil
        _ = try ledger.saveEvaluation(record)
        #expect(try ledger.run(2).validExactMatch == 1 && ledger.run(2).validMacroF1 == nil && ledger.run(1).validExactMatch == 0.75)
        let ranked = try ledger.runs(RunQuery(sortMetric: Metric.validExactMatch.name, descending: true))
        #expect(ranked.map(\.id) == [2, 1])
        // A metrics write recomputes summaries from rows; it leaves the figures of an evaluation alone.
        try ledger.refreshSummary(of: 2)
        #expect(try ledger.run(2).validExactMatch == 1)
        #expect(try ledger.integrityProblems().isEmpty)
    }

    /// v7 drops one NOT NULL by editing the schema's text: the constraint is gone for this connection
    /// and the next, the digest's foreign key still holds, and SQLite finds the file sound.
    @Test func version7LetsARunGoWithoutATrainingDigestAndKeepsItsForeignKey() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: "\(TestPaths.repository)/Tests/LedgerTests/Fixtures/ledger-v5.sqlite", toPath: path)
        let insert = "INSERT INTO runs (trial_key, model, training_digest, provider, state, request_json, created_at) VALUES ('k', 'm', ?, 'p', 'succeeded', '{}', '2026-12-02')"
        let ledger = try Ledger.openExisting(at: path)
        try ledger.database.statement(insert).run([.null])
        #expect(throws: LedgerError.self) { try ledger.database.statement(insert).run([.text("sha256:nothing")]) }
        let again = try Ledger.openExisting(at: path)
        try again.database.statement(insert).run([.null])
        #expect(try again.database.statement("SELECT count(*) FROM runs WHERE training_digest IS NULL").rows().first?.first?.int == 2)
        #expect(try again.integrityProblems().isEmpty)
    }

    /// v10 moves the legacy classification series out of `metrics`: a v9 ledger with such figures
    /// upgrades in place, reads every row as before, and keeps ranking and writing them.
    @Test func version10MovesClassificationSeriesApartAndReadsAsBefore() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: "\(TestPaths.repository)/Tests/LedgerTests/Fixtures/ledger-v5.sqlite", toPath: path)
        do {
            let database = try Database(path: path, create: false)
            for offset in 5..<9 {
                try database.execute(Migrations.all[offset].sql)
                if Migrations.editingSchemaText.contains(offset + 1) { try database.reloadSchemaEverywhere() }
                try database.setUserVersion(offset + 1)
            }
            try database.execute("UPDATE metrics SET classification_accuracy = 0.5 + step / 1000.0, classification_f1 = 0.25 WHERE run_id = 1 AND step % 2 = 0")
        }
        let before = try Database(readingAt: path)
        let oldRows = try before.statement("SELECT * FROM metrics ORDER BY run_id, step").rows()
        let withFigures = try before.statement("SELECT count(*) FROM metrics WHERE classification_accuracy IS NOT NULL").scalar()?.int ?? 0
        #expect(withFigures > 2)

        let ledger = try Ledger.openExisting(at: path)
        #expect(try ledger.schemaVersion == Migrations.latestVersion)
        let read = try (1...2).flatMap { try ledger.metrics(run: $0) }
        #expect(read.count == oldRows.count)
        for (row, old) in zip(read, oldRows) {
            #expect(row.step == old[1].int && row.trainLoss == old[2].double && row.validLoss == old[4].double)
            #expect(row.classificationAccuracy == old[8].double && row.classificationF1 == old[13].double)
        }
        #expect(try ledger.database.statement("SELECT count(*) FROM classification_metrics").scalar()?.int == withFigures)
        #expect(try ledger.database.columns(of: "metrics") == ["run_id", "step"] + MetricTable.metrics.series.map(\.column))

        // The summary of the moved series is recomputed from its own table, and new figures land there.
        try ledger.refreshSummary(of: 1)
        let last = read.filter { $0.classificationAccuracy != nil }.last?.classificationAccuracy
        #expect(try ledger.run(1).classificationAccuracy == last)
        var row = MetricRow(step: 9_999, trainLoss: 0.01)
        row.classificationAccuracy = 0.99
        _ = try ledger.recordMetrics([row], run: 2)
        #expect(try ledger.metrics(run: 2).last?.classificationAccuracy == 0.99 && ledger.run(2).classificationAccuracy == 0.99)
        #expect(try ledger.runs(RunQuery(sortMetric: Metric.classificationAccuracy.name, descending: true)).map(\.id) == [2, 1])
        #expect(try ledger.integrityProblems().isEmpty)
    }

    /// Each table's columns are the series `MetricTable` puts there, in the catalogue's order.
    @Test func aNewLedgersMetricTablesHoldTheirSeries() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/ledger.sqlite")
        for table in MetricTable.allCases {
            #expect(try ledger.database.columns(of: table.rawValue) == ["run_id", "step"] + table.series.map(\.column))
        }
        #expect(MetricTable.classificationMetrics.series.count == 6)
    }
}
