import Foundation
@testable import Ledger
import TestSupport
import Testing

private func dataset(_ digest: String, name: String? = nil) -> DatasetRecord {
    DatasetRecord(
        digest: "sha256:" + digest, name: name, bytes: 10, examples: 12, tokens: 100, assistantTokens: 20,
        encoding: "o200k_base", tokensExact: true, format: "chat")
}

@Suite struct LedgerTests {
    @Test func aNewLedgerHasTheLatestSchemaInWALModeWithForeignKeys() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/sub/dir/ledger.sqlite")
        #expect(try ledger.schemaVersion == 10)
        #expect(try ledger.database.statement("PRAGMA journal_mode").scalar()?.string == "wal")
        #expect(try ledger.database.statement("PRAGMA foreign_keys").scalar()?.int == 1)
        #expect(try ledger.info().counts.values.allSatisfy { $0 == 0 })
    }

    @Test func reopeningDoesNotMigrateAgain() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try Ledger.openOrCreate(at: path).registerDataset(dataset("aa"), path: "/a")
        let reopened = try Ledger.openExisting(at: path)
        #expect(try reopened.datasets().map(\.digest) == ["sha256:aa"])
    }

    @Test func aLedgerFromANewerFtsweepIsRefused() throws {
        let path = TestPaths.scratchDirectory() + "/ledger.sqlite"
        try Ledger.openOrCreate(at: path).database.execute("PRAGMA user_version = 99")
        #expect(throws: LedgerError.newerSchema(path: path, found: 99, known: 10)) { try Ledger.openExisting(at: path) }
    }

    @Test func openingAMissingLedgerForReadingSaysSoAndCreatesNothing() {
        let path = TestPaths.scratchDirectory() + "/none.sqlite"
        #expect(throws: LedgerError.missing(path: path)) { try Ledger.openExisting(at: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func registeringTellsNewBytesFromNewPathsFromNothingNew() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/l.sqlite")
        #expect(try ledger.registerDataset(dataset("ab12", name: "one"), path: "/x") == .added)
        #expect(try ledger.registerDataset(dataset("ab12"), path: "/x") == .unchanged)
        #expect(try ledger.registerDataset(dataset("ab12"), path: "/y") == .pathAdded)
        #expect(try ledger.registerDataset(dataset("cd34"), path: "/x") == .added)
        let found = try ledger.dataset(matching: "ab")
        #expect(found.name == "one")
        #expect(found.paths.map(\.path) == ["/x", "/y"])
        #expect(try ledger.info().counts["dataset_paths"] == 3)
    }

    @Test func findingByPrefixOrNameReportsAmbiguityAndAbsence() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/l.sqlite")
        try ledger.registerDataset(dataset("abc1"), path: "/1")
        try ledger.registerDataset(dataset("abc2", name: "named"), path: "/2")
        #expect(throws: LedgerError.ambiguous(what: "dataset", key: "abc", matches: 2)) { try ledger.dataset(matching: "abc") }
        #expect(try ledger.dataset(matching: "sha256:abc1").digest == "sha256:abc1")
        #expect(try ledger.dataset(matching: "named").digest == "sha256:abc2")
        #expect(throws: LedgerError.notFound(what: "dataset", key: "zzz")) { try ledger.dataset(matching: "zzz") }
    }

    @Test func aFailedTransactionLeavesNoTrace() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/l.sqlite")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try ledger.database.transaction {
                try ledger.database.statement("INSERT INTO sweeps (name, spec_text, spec_digest, method, metric, goal, provider, state, created_at) VALUES ('s', '', '', 'grid', 'm', 'minimize', 'local', 'running', 'now')").run()
                throw Boom()
            }
        }
        #expect(try ledger.info().counts["sweeps"] == 0)
    }

    /// A nested transaction's sub-journal stays in memory: through a temporary file it cost about 60
    /// page writes per imported run (docs/PERFORMANCE.md, ingest). A reader keeps SQLite's default, so
    /// a large sort spills to disk instead of memory.
    @Test func aWritableLedgerKeepsSavepointJournalsInMemory() throws {
        let path = TestPaths.scratchDirectory() + "/l.sqlite"
        let ledger = try Ledger.openOrCreate(at: path)
        #expect(try ledger.database.statement("PRAGMA temp_store").scalar()?.int == 2)
        let reader = try Ledger.openForReading(at: path)
        #expect(try reader.database.statement("PRAGMA temp_store").scalar()?.int == 0)
    }

    @Test func sqlErrorsNameTheStatementButNotItsValues() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory() + "/l.sqlite")
        #expect {
            try ledger.database.statement("INSERT INTO dataset_paths (digest, path, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)")
                .run([.text("sha256:secret-value"), .text("/p"), .text("t"), .text("t")])
        } throws: { error in
            let text = "\(error)"
            return text.contains("FOREIGN KEY") && text.contains("INSERT INTO dataset_paths") && !text.contains("secret-value")
        }
    }

    @Test func theLocationPrefersTheFlagThenTheEnvironmentThenTheDefault() {
        #expect(Ledger.location(explicit: "a.sqlite", environment: ["FTSWEEP_LEDGER": "b.sqlite"]) == "a.sqlite")
        #expect(Ledger.location(explicit: nil, environment: ["FTSWEEP_LEDGER": "b.sqlite"]) == "b.sqlite")
        #expect(Ledger.location(explicit: nil, environment: [:]) == ".ftsweep/ledger.sqlite")
    }
}
