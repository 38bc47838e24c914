import Foundation

/// The SQLite file that records datasets, sweeps, runs and their metrics.
public final class Ledger {
    public let database: Database
    public var path: String { database.path }

    /// Where the ledger lives: `--ledger PATH`, else `$FTSWEEP_LEDGER`, else `.ftsweep/ledger.sqlite`.
    public static func location(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let variable = environment["FTSWEEP_LEDGER"], !variable.isEmpty { return variable }
        return ".ftsweep/ledger.sqlite"
    }

    /// Opens the ledger for reading; a missing file is an error that says how one is made.
    public static func openExisting(at path: String) throws(LedgerError) -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        return try Ledger(database: Database(path: path, create: false))
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
        return try Ledger(database: Database(path: path, create: true))
    }

    private init(database: Database) throws(LedgerError) {
        self.database = database
        try migrate()
    }

    /// The schema version of the open file.
    public var schemaVersion: Int { get throws(LedgerError) { try database.userVersion } }

    private func migrate() throws(LedgerError) {
        let current = try database.userVersion
        guard current <= Migrations.latestVersion else {
            throw .newerSchema(path: path, found: current, known: Migrations.latestVersion)
        }
        for (offset, migration) in Migrations.all.enumerated().dropFirst(current) {
            do {
                try database.transaction {
                    // Another process may have migrated while this one waited for the write lock.
                    guard try database.userVersion == offset else { return }
                    try database.execute(migration.sql)
                    try database.execute("PRAGMA user_version = \(offset + 1)")
                }
            } catch let error as LedgerError {
                throw error
            } catch {
                throw .sqlite(code: 1, message: "\(error)", statement: migration.name)
            }
        }
    }

    /// Timestamps as ISO 8601 UTC text, which sorts as time does.
    static func now() -> String {
        Date.now.formatted(.iso8601)
    }
}
