import CSQLite

/// A prepared statement: bind, step, read columns. Reused through `Database.statement(_:)`.
final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database
    private let sql: String
    /// The result's column names, read at the first row.
    private var columnNames: ColumnNames?

    init(database: Database, sql: String) throws(LedgerError) {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw database.error(status, sql) }
        handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds values to the `?` parameters in order.
    func bind(_ values: [SQLValue]) throws(LedgerError) {
        reset()
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(handle, index)
            case .integer(let number): status = sqlite3_bind_int64(handle, index, number)
            case .real(let number): status = sqlite3_bind_double(handle, index, number)
            case .text(let text): status = sqlite3_bind_text(handle, index, text, -1, sqliteTransient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
            }
            guard status == SQLITE_OK else { throw database.error(status, sql) }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLValue] = []) throws(LedgerError) {
        try bind(values)
        let status = sqlite3_step(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw database.error(status, sql) }
        sqlite3_reset(handle)
    }

    // Binding value by value, then `step()`: the hot insert loops (millions of metric rows) skip
    // building a `[SQLValue]` for every row.

    func bind(_ value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ value: Double?, at index: Int32) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Runs the statement with the values bound so far, then readies it for the next row.
    func step() throws(LedgerError) {
        let status = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw database.error(status, sql) }
    }

    /// All rows.
    func rows(_ values: [SQLValue] = []) throws(LedgerError) -> [Row] {
        try bind(values)
        var rows: [Row] = []
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw database.error(status, sql) }
            let count = sqlite3_column_count(handle)
            let names = columnNames ?? ColumnNames((0..<count).map { String(cString: sqlite3_column_name(handle, $0)) })
            columnNames = names
            rows.append(Row(values: (0..<count).map(column), columns: names))
        }
        sqlite3_reset(handle)
        return rows
    }

    /// The first column of the first row, or nil when there is no row.
    func scalar(_ values: [SQLValue] = []) throws(LedgerError) -> SQLValue? {
        try rows(values).first?.first
    }

    private func column(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(handle, index)))
        case SQLITE_BLOB:
            .blob(Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, index), count: Int(sqlite3_column_bytes(handle, index)))))
        default: .null
        }
    }
}
