import CSQLite
import Foundation

/// SQLITE_TRANSIENT is a function-pointer cast macro that Swift cannot import.
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One SQLite connection with cached prepared statements. Not `Sendable`: one owner at a time.
final class Database {
    private(set) var handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var savepoints = 0
    let path: String

    /// Opens (creating when `create`) the database with foreign keys, a busy timeout and `journalMode`
    /// (the ledger asks for DELETE on a network filesystem, where WAL's shared memory is unsafe).
    init(path: String, create: Bool, journalMode: JournalMode = .wal, busyTimeout: Int32 = 10_000) throws(LedgerError) {
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        handle = try Self.open(path, flags: flags)
        self.path = path
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA journal_mode = \(journalMode.rawValue)")
        try execute("PRAGMA synchronous = NORMAL")
        // A nested transaction is a savepoint, and its sub-journal (the old image of each existing page it
        // changes) would otherwise go through a temporary file: about 60 page writes for each imported run.
        // It holds only pages that existed when the savepoint began, so it stays small.
        try execute("PRAGMA temp_store = MEMORY")
    }

    /// Opens the database read-only: nothing is set up or written, and `query_only` refuses writes.
    /// A WAL file in a folder this user cannot write has no shared-memory file to make, so when the
    /// ledger was closed cleanly (no WAL content) it is read as immutable instead.
    init(readingAt path: String, busyTimeout: Int32 = 10_000) throws(LedgerError) {
        handle = try Self.open(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
        self.path = path
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        try execute("PRAGMA query_only = ON")
        do throws(LedgerError) {
            _ = try statement("SELECT count(*) FROM sqlite_master").scalar()
        } catch where error.isReadOnlyFolder && Self.canReadImmutable(path) {
            let reopened = try Self.open(Self.immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI)
            cache.removeAll()
            sqlite3_close_v2(handle)
            handle = reopened
            try execute("PRAGMA query_only = ON")
        }
    }

    private static func open(_ path: String, flags: Int32) throws(LedgerError) -> OpaquePointer {
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let reason = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw .cannotOpen(path: path, reason: reason)
        }
        return connection
    }

    /// True when the folder cannot be written and no WAL file holds changes the main file lacks.
    private static func canReadImmutable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK) != 0 else { return false }
        var info = stat()
        return stat(path + "-wal", &info) != 0 || info.st_size == 0
    }

    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return "file://\(escaped)?immutable=1"
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text with no parameters (several statements allowed).
    func execute(_ sql: String) throws(LedgerError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw .sqlite(code: status, message: text, statement: Self.summary(of: sql))
        }
    }

    /// A prepared statement for `sql`, compiled once per connection and reused.
    func statement(_ sql: String) throws(LedgerError) -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: commits when it returns, rolls back when it throws.
    /// Inside another transaction it is a savepoint, so writes compose into one all-or-nothing unit.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let nested = sqlite3_get_autocommit(handle) == 0
        let name = "ftsweep_\(savepoints)"
        try execute(nested ? "SAVEPOINT \(name)" : "BEGIN IMMEDIATE")
        savepoints += 1
        defer { savepoints -= 1 }
        do {
            let value = try body()
            try execute(nested ? "RELEASE \(name)" : "COMMIT")
            return value
        } catch {
            try? execute(nested ? "ROLLBACK TO \(name); RELEASE \(name)" : "ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The integer of `PRAGMA user_version`: the schema version.
    var userVersion: Int {
        get throws(LedgerError) { try statement("PRAGMA user_version").scalar()?.int ?? 0 }
    }

    func setUserVersion(_ version: Int) throws(LedgerError) {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Makes every connection read the schema again: after a migration edits a table's SQL text.
    func reloadSchemaEverywhere() throws(LedgerError) {
        let schema = try statement("PRAGMA schema_version").scalar()?.int ?? 0
        try execute("PRAGMA schema_version = \(schema + 1)")
    }

    /// The names of the file's own tables and indexes (SQLite's internal ones left out).
    func schemaObjectNames() throws(LedgerError) -> Set<String> {
        Set(try statement("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").rows().compactMap { $0.first?.string })
    }

    /// The `CREATE TABLE` text of a table, as stored.
    func tableDefinition(_ table: String) throws(LedgerError) -> String? {
        try statement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").scalar([.text(table)])?.string
    }

    /// A table's column names, in order.
    func columns(of table: String) throws(LedgerError) -> [String] {
        try statement("SELECT name FROM pragma_table_info(?)").rows([.text(table)]).compactMap { $0["name"].string }
    }

    /// The row id the last INSERT on this connection gave.
    var lastInsertedRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// What SQLite's own checks find wrong: damaged pages, and rows whose foreign key points nowhere.
    func integrityProblems() throws(LedgerError) -> [String] {
        let integrity = try statement("PRAGMA integrity_check").rows().compactMap { $0.first?.string }.filter { $0 != "ok" }
        let keys = try statement("PRAGMA foreign_key_check").rows().map { row in
            "foreign key: \(row["table"].string ?? "?") row \(row["rowid"].int.map(String.init) ?? "?") points at a missing \(row["parent"].string ?? "?") row"
        }
        return integrity + keys
    }

    func error(_ status: Int32, _ sql: String) -> LedgerError {
        .sqlite(code: status, message: String(cString: sqlite3_errmsg(handle)), statement: Self.summary(of: sql))
    }

    /// The statement's first words: enough to find it, never its bound values.
    static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
        return words.count < sql.count ? words + " …" : words
    }
}
