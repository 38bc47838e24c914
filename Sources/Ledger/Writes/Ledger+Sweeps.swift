import Foundation
import SweepCore

extension Ledger {
    /// Records the sweep, or updates the one with its name (a re-launch keeps its runs), and returns it.
    public func saveSweep(_ sweep: SweepRecord) throws -> SweepRecord {
        try database.transaction {
            try database.statement("""
                INSERT INTO sweeps (name, spec_text, spec_digest, method, metric, goal, provider, state, created_at, spec_path, state_reason, overrides_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET spec_text = excluded.spec_text, spec_digest = excluded.spec_digest,
                    method = excluded.method, metric = excluded.metric, goal = excluded.goal, provider = excluded.provider,
                    state = excluded.state, spec_path = excluded.spec_path, state_reason = excluded.state_reason,
                    overrides_json = excluded.overrides_json
                """).run([
                .text(sweep.name), .text(sweep.specText), .text(sweep.specDigest), .text(sweep.method), .text(sweep.metric),
                .text(sweep.goal.rawValue), .text(sweep.provider), .text(sweep.state.description), .text(Ledger.now()), SQLValue(sweep.specPath),
                SQLValue(sweep.stateReason), .text(Self.encodeOverrides(sweep.overrides)),
            ])
            return try self.sweep(named: sweep.name)
        }
    }

    /// Sets a sweep's state and why; `onlyFrom` makes the change conditional, so a pause or cancel
    /// another process wrote is not overwritten. Returns whether the state changed.
    @discardableResult
    public func setSweepState(_ id: Int, _ state: SweepState, reason: String? = nil, onlyFrom: [SweepState]? = nil) throws(LedgerError) -> Bool {
        var sql = "UPDATE sweeps SET state = ?, state_reason = ? WHERE id = ?"
        var values: [SQLValue] = [.text(state.description), SQLValue(reason), .integer(Int64(id))]
        if let onlyFrom {
            sql += " AND state IN (\(onlyFrom.map { _ in "?" }.joined(separator: ", ")))"
            values += onlyFrom.map { .text($0.description) }
        }
        try database.statement(sql).run(values)
        return database.changes > 0
    }

    /// The sweep's state as stored now, read fresh (another process may have paused or cancelled it).
    public func sweepState(_ id: Int) throws(LedgerError) -> (state: SweepState, reason: String?) {
        let rows = try database.statement("SELECT state, state_reason FROM sweeps WHERE id = ?").rows([.integer(Int64(id))])
        guard let row = rows.first else { throw .notFound(what: "sweep", key: String(id)) }
        return (SweepState(row["state"].string ?? ""), row["state_reason"].string)
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

    private static let sweepColumns = """
        SELECT id, name, spec_text, spec_digest, method, metric, goal, provider, state, created_at, spec_path, state_reason, overrides_json
        FROM sweeps
        """

    private static func makeSweep(_ row: Row) -> SweepRecord {
        SweepRecord(
            id: row["id"].int ?? 0, name: row["name"].string ?? "", specText: row["spec_text"].string ?? "",
            specDigest: row["spec_digest"].string ?? "", method: row["method"].string ?? "", metric: row["metric"].string ?? "",
            goal: Goal(rawValue: row["goal"].string ?? "") ?? .minimize, provider: row["provider"].string ?? "", state: SweepState(row["state"].string ?? ""),
            createdAt: row["created_at"].string ?? "", specPath: row["spec_path"].string, stateReason: row["state_reason"].string,
            overrides: row["overrides_json"].string.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
    }

    private static func encodeOverrides(_ overrides: [String]) -> String {
        (try? JSONEncoder().encode(overrides)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
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

    /// Forgets a dataset's upload to a provider (the file was deleted there).
    public func forgetUpload(digest: String, provider: String) throws(LedgerError) {
        try database.statement("DELETE FROM uploads WHERE digest = ? AND provider = ?").run([.text(digest), .text(provider)])
    }
}
