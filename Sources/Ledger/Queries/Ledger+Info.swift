extension Ledger {
    /// The tables `info` counts, in display order.
    public static let countedTables = [
        "datasets", "dataset_paths", "uploads", "sweeps", "runs", "metrics", "events", "checkpoints", "aliases",
    ]

    public func info() throws(LedgerError) -> LedgerInfo {
        var counts: [String: Int] = [:]
        for table in Self.countedTables {
            counts[table] = try database.statement("SELECT count(*) FROM \(table)").scalar()?.int ?? 0
        }
        return LedgerInfo(
            path: path, schemaVersion: try schemaVersion,
            sqliteVersion: try database.statement("SELECT sqlite_version()").scalar()?.string ?? "", counts: counts)
    }
}

extension Ledger {
    /// What the store's own checks find wrong (damaged pages, dangling foreign keys); empty when the file is sound.
    public func integrityProblems() throws(LedgerError) -> [String] {
        try database.integrityProblems()
    }
}
