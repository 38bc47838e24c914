import Foundation
// The records and `LedgerStore` belong to every storage; whoever imports the SQLite ledger sees them.
@_exported import LedgerModel

/// The SQLite file that records datasets, sweeps, runs and their metrics.
public final class Ledger {
    let database: Database
    public var path: String { database.path }

    /// Where the ledger lives: `--ledger PATH`, else `$FTSWEEP_LEDGER`, else `.ftsweep/ledger.sqlite`.
    public static func location(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let variable = environment["FTSWEEP_LEDGER"], !variable.isEmpty { return variable }
        return ".ftsweep/ledger.sqlite"
    }

    /// The network filesystem the ledger lies on, when that made it use DELETE journaling instead of WAL.
    public let networkFilesystem: String?

    /// Opens an existing ledger for writing, upgrading its schema; a missing or empty file is an error that
    /// says how one is made.
    public static func openExisting(at path: String) throws(LedgerError) -> Ledger {
        guard hasContent(path) else { throw .missing(path: path) }
        return try openForWriting(path, create: false)
    }

    /// Opens the ledger for writing, making its folder and file on first use.
    public static func openOrCreate(at path: String) throws(LedgerError) -> Ledger {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot make the folder \(folder)")
            }
        }
        return try openForWriting(path, create: true)
    }

    /// Opens the ledger read-only: nothing is created, upgraded or written, so it works in a folder this
    /// user cannot write. A missing or empty file is `.missing`; an older schema says how to upgrade it.
    public static func openForReading(at path: String) throws(LedgerError) -> Ledger {
        guard hasContent(path) else { throw .missing(path: path) }
        return try reportingDamage(path) { () throws(LedgerError) in
            let ledger = Ledger(database: try Database(readingAt: path), networkFilesystem: nil)
            let version = try ledger.storedSchemaVersion()
            if version == 0 { throw .missing(path: path) }
            if version < Migrations.latestVersion {
                throw .olderSchema(path: path, found: version, known: Migrations.latestVersion)
            }
            return ledger
        }
    }

    private static func openForWriting(_ path: String, create: Bool) throws(LedgerError) -> Ledger {
        let journal = JournalMode.forLedger(at: path)
        return try reportingDamage(path) { () throws(LedgerError) in
            let database = try Database(path: path, create: create, journalMode: journal.mode)
            let ledger = Ledger(database: database, networkFilesystem: journal.networkFilesystem)
            try ledger.migrate()
            return ledger
        }
    }

    /// Runs an open, naming a file SQLite cannot read as damaged rather than as a bare SQLite code.
    private static func reportingDamage(_ path: String, _ body: () throws(LedgerError) -> Ledger) throws(LedgerError) -> Ledger {
        do throws(LedgerError) { return try body() } catch where error.isDamage {
            guard case let .sqlite(_, message, _) = error else { throw error }
            throw .damaged(path: path, detail: message)
        }
    }

    /// True when a file is there and holds bytes: an empty file is no ledger, and reading must not make one.
    private static func hasContent(_ path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        return (size ?? 0) > 0
    }

    private init(database: Database, networkFilesystem: String?) {
        self.database = database
        self.networkFilesystem = networkFilesystem
    }

    /// Runs `body` as one unit of writes: all of them, or none when it throws. A call inside another joins
    /// it as a part that fails alone (a savepoint).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try database.transaction(body)
    }

    /// The schema version of the open file.
    public var schemaVersion: Int { get throws(LedgerError) { try database.userVersion } }

    private func migrate() throws(LedgerError) {
        let current = try storedSchemaVersion()
        if current > 0, try database.userVersion == 0 {
            // Restored from `sqlite3 .dump`, which keeps the tables but not user_version: record what they show.
            try database.setUserVersion(current)
        }
        // All pending migrations in one transaction: a process reading while this one creates or upgrades
        // the file sees it as it was or as it will be, never at a version in between.
        var running = ""
        do {
            try database.transaction {
                for (offset, migration) in Migrations.all.enumerated().dropFirst(current) {
                    // Another process may have migrated while this one waited for the write lock.
                    guard try database.userVersion == offset else { continue }
                    running = migration.name
                    try database.execute(migration.sql)
                    if Migrations.editingSchemaText.contains(offset + 1) {
                        try database.reloadSchemaEverywhere()
                    }
                    try database.setUserVersion(offset + 1)
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .sqlite(code: 1, message: "\(error)", statement: running)
        }
    }

    /// Timestamps as ISO 8601 UTC text, which sorts as time does.
    static func now() -> String {
        Date.now.formatted(.iso8601)
    }
}

extension Ledger: LedgerStore {}
