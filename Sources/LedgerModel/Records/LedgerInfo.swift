/// What `ledger info` prints: where the ledger is, its schema, and how much it holds.
public struct LedgerInfo: Sendable, Codable, Equatable {
    public var path: String
    public var schemaVersion: Int
    public var sqliteVersion: String
    public var counts: [String: Int]

    public init(path: String, schemaVersion: Int, sqliteVersion: String, counts: [String: Int]) {
        self.path = path
        self.schemaVersion = schemaVersion
        self.sqliteVersion = sqliteVersion
        self.counts = counts
    }
}
