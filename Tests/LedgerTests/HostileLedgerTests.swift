import Foundation
@testable import Ledger
import TestSupport
import Testing

/// Ledgers that another program, a restore or a damaged disk left in a state ftsweep did not write.
@Suite struct HostileLedgerTests {
    private func freshLedger() throws -> String {
        let path = TestPaths.scratchDirectory("hostile-ledger") + "/ledger.sqlite"
        _ = try Ledger.openOrCreate(at: path)
        return path
    }

    private func setUserVersion(_ version: Int, at path: String) throws {
        try Database(path: path, create: false).execute("PRAGMA user_version = \(version)")
    }

    @Test func aNegativeSchemaVersionIsOneClearErrorForEveryWayOfOpening() throws {
        let path = try freshLedger()
        try setUserVersion(-1, at: path)
        let expected = LedgerError.badSchemaVersion(path: path, found: -1, known: Migrations.latestVersion)
        #expect(throws: expected) { try Ledger.openExisting(at: path) }
        #expect(throws: expected) { try Ledger.openOrCreate(at: path) }
        #expect(throws: expected) { try Ledger.openForReading(at: path) }
        #expect(expected.description.contains("schema version -1"))
    }

    @Test func readingAnEmptyFileSaysThereIsNoLedgerAndLeavesItEmpty() throws {
        let path = TestPaths.scratchDirectory("hostile-ledger") + "/empty.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: LedgerError.missing(path: path)) { try Ledger.openForReading(at: path) }
        #expect(throws: LedgerError.missing(path: path)) { try Ledger.openExisting(at: path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.size] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func readingAnOlderSchemaNeverUpgradesItAndSaysHow() throws {
        let path = TestPaths.scratchDirectory("hostile-ledger") + "/old.sqlite"
        do {
            let database = try Database(path: path, create: true)
            try database.execute(Migrations.v1)
            try database.execute("PRAGMA user_version = 1")
        }
        #expect(throws: LedgerError.olderSchema(path: path, found: 1, known: Migrations.latestVersion)) {
            try Ledger.openForReading(at: path)
        }
        #expect(try Database(readingAt: path).userVersion == 1)
        #expect(try Ledger.openExisting(at: path).schemaVersion == Migrations.latestVersion)
    }

    /// `sqlite3 .dump` keeps the tables but not `user_version`; each migration's tables must be recognised.
    @Test(arguments: 1...Migrations.latestVersion)
    func aLedgerRestoredWithoutItsUserVersionOpensAtTheVersionItsTablesShow(version: Int) throws {
        let path = TestPaths.scratchDirectory("hostile-ledger") + "/restored.sqlite"
        do {
            let database = try Database(path: path, create: true)
            for migration in Migrations.all.prefix(version) { try database.execute(migration.sql) }
            try database.execute("""
                INSERT INTO datasets VALUES ('sha256:aa', 'd', 1, 1, 1, 1, 'o200k_base', 1, 'chat', '2026-01-01')
                """)
        }
        if version == Migrations.latestVersion {
            #expect(try Ledger.openForReading(at: path).datasets().count == 1)
        }
        let ledger = try Ledger.openExisting(at: path)
        #expect(try ledger.schemaVersion == Migrations.latestVersion)
        #expect(try ledger.datasets().count == 1)
        #expect(try ledger.integrityProblems().isEmpty)
    }

    @Test func aDatabaseOfAnotherProgramIsNotTakenForALedger() throws {
        let path = TestPaths.scratchDirectory("hostile-ledger") + "/other.sqlite"
        try Database(path: path, create: true).execute("CREATE TABLE notes (body TEXT)")
        let expected = LedgerError.notALedger(path: path, reason: "it holds other tables (notes) and no ledger schema")
        #expect(throws: expected) { try Ledger.openExisting(at: path) }
        #expect(throws: expected) { try Ledger.openForReading(at: path) }
    }

    @Test func aReadOnlyOpenRefusesWrites() throws {
        let ledger = try Ledger.openForReading(at: try freshLedger())
        #expect(throws: LedgerError.self) { try ledger.database.execute("DELETE FROM runs") }
    }

    @Test func aLedgerWithADamagedFirstPageIsReportedAsDamaged() throws {
        let path = try freshLedger()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 100)  // page 1's b-tree header, just after the 100-byte file header
        try handle.write(contentsOf: Data(repeating: 7, count: 8))
        try handle.close()
        #expect {
            try Ledger.openForReading(at: path)
        } throws: { error in
            guard case let .damaged(damagedPath, detail) = error as? LedgerError else { return false }
            return damagedPath == path && detail.contains("malformed")
        }
    }
}

/// WAL needs shared memory on one host, so a network filesystem gets DELETE journaling.
@Suite struct JournalModeTests {
    @Test(arguments: [
        (0x6969, "nfs"), (0xFF53_4D42, "cifs"), (-11_317_950, "cifs"), (0xFE53_4D42, "smb2"), (0x517B, "smb"),
        (0x0BD0_0BD0, "lustre"), (0x4750_4653, "gpfs"), (0x00C3_6400, "ceph"), (0x1983_0326, "beegfs"),
    ])
    func networkFilesystemsAreRecognisedByTheirMagicNumber(magic: Int, name: String) {
        #expect(NetworkFilesystem.name(forMagic: magic) == name)
    }

    @Test(arguments: [0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342, 0x794C_7630, 0x6573_5546])
    func localFilesystemsAreNot(magic: Int) {
        // ext4, tmpfs, btrfs, xfs, overlayfs, fuse (whose backing store is unknown, so it keeps WAL)
        #expect(NetworkFilesystem.name(forMagic: magic) == nil)
    }

    @Test func aLedgerOnALocalDiskUsesWAL() throws {
        let path = TestPaths.scratchDirectory("journal") + "/ledger.sqlite"
        #expect(JournalMode.forLedger(at: path).mode == .wal)
        let ledger = try Ledger.openOrCreate(at: path)
        #expect(ledger.networkFilesystem == nil)
        #expect(try ledger.database.statement("PRAGMA journal_mode").scalar()?.string == "wal")
    }

    @Test func aLedgerOpenedWithDELETEJournalingKeepsNoWALFile() throws {
        let path = TestPaths.scratchDirectory("journal") + "/ledger.sqlite"
        let database = try Database(path: path, create: true, journalMode: .delete)
        try database.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        #expect(try database.statement("PRAGMA journal_mode").scalar()?.string == "delete")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
}
