/// A sweep as the ledger keeps it: the spec's exact text and how runs are ranked.
public struct SweepRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var specText: String
    public var specDigest: String
    public var method: String
    public var metric: String
    public var goal: String
    public var provider: String
    public var state: String
    public var createdAt: String

    public init(id: Int = 0, name: String, specText: String, specDigest: String, method: String, metric: String, goal: String, provider: String, state: String = "running", createdAt: String = "") {
        self.id = id
        self.name = name
        self.specText = specText
        self.specDigest = specDigest
        self.method = method
        self.metric = metric
        self.goal = goal
        self.provider = provider
        self.state = state
        self.createdAt = createdAt
    }
}

extension Ledger {
    /// Records the sweep, or updates the one with its name (a re-launch keeps its runs), and returns it.
    public func saveSweep(_ sweep: SweepRecord) throws -> SweepRecord {
        try database.transaction {
            try database.statement("""
                INSERT INTO sweeps (name, spec_text, spec_digest, method, metric, goal, provider, state, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET spec_text = excluded.spec_text, spec_digest = excluded.spec_digest,
                    method = excluded.method, metric = excluded.metric, goal = excluded.goal, provider = excluded.provider,
                    state = excluded.state
                """).run([
                .text(sweep.name), .text(sweep.specText), .text(sweep.specDigest), .text(sweep.method), .text(sweep.metric),
                .text(sweep.goal), .text(sweep.provider), .text(sweep.state), .text(Ledger.now()),
            ])
            return try self.sweep(named: sweep.name)
        }
    }

    public func setSweepState(_ id: Int, _ state: String) throws(LedgerError) {
        try database.statement("UPDATE sweeps SET state = ? WHERE id = ?").run([.text(state), .integer(Int64(id))])
    }

    /// The sweep with this name, or with this id when `key` is a number.
    public func sweep(named key: String) throws(LedgerError) -> SweepRecord {
        let rows = try database.statement("\(Self.sweepColumns) WHERE name = ? OR CAST(id AS TEXT) = ? LIMIT 1").rows([.text(key), .text(key)])
        guard let row = rows.first else { throw .notFound(what: "sweep", key: key) }
        return Self.makeSweep(row)
    }

    /// Every sweep, newest first.
    public func sweeps() throws(LedgerError) -> [SweepRecord] {
        try database.statement("\(Self.sweepColumns) ORDER BY id DESC").rows().map(Self.makeSweep)
    }

    private static let sweepColumns = "SELECT id, name, spec_text, spec_digest, method, metric, goal, provider, state, created_at FROM sweeps"

    private static func makeSweep(_ row: [SQLValue]) -> SweepRecord {
        SweepRecord(
            id: row[0].int ?? 0, name: row[1].string ?? "", specText: row[2].string ?? "", specDigest: row[3].string ?? "",
            method: row[4].string ?? "", metric: row[5].string ?? "", goal: row[6].string ?? "", provider: row[7].string ?? "",
            state: row[8].string ?? "", createdAt: row[9].string ?? "")
    }

    /// The file id a dataset already has at a provider.
    public func uploadedFile(digest: String, provider: String) throws(LedgerError) -> String? {
        try database.statement("SELECT file_id FROM uploads WHERE digest = ? AND provider = ?").scalar([.text(digest), .text(provider)])?.string
    }

    public func recordUpload(digest: String, provider: String, fileID: String) throws(LedgerError) {
        try database.statement("""
            INSERT INTO uploads (digest, provider, file_id, uploaded_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (digest, provider) DO UPDATE SET file_id = excluded.file_id, uploaded_at = excluded.uploaded_at
            """).run([.text(digest), .text(provider), .text(fileID), .text(Ledger.now())])
    }
}
