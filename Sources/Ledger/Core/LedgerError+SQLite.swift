/// What an SQLite result code in a `LedgerError` means for the ledger.
extension LedgerError {
    /// The file itself is unreadable as SQLite (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
    var isDamage: Bool {
        guard case let .sqlite(code, _, _) = self else { return false }
        return code & 0xFF == 11 || code & 0xFF == 26
    }

    /// SQLite could not make the files a WAL reader needs (`SQLITE_READONLY`, `SQLITE_CANTOPEN`).
    var isReadOnlyFolder: Bool {
        guard case let .sqlite(code, _, _) = self else { return false }
        return code & 0xFF == 8 || code & 0xFF == 14
    }
}
