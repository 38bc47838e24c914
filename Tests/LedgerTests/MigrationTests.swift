import Foundation
@testable import Ledger
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
        #expect(sweep.state == "finished" && sweep.overrides.isEmpty && sweep.specPath == nil)
        #expect(try ledger.spend(sweep: sweep.id) == SweepSpend(jobs: 1, reportedCostNanos: 0, estimatedCostNanos: 500, tokens: 0))
        #expect(try ledger.integrityProblems().isEmpty)
    }
}
