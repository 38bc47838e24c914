extension Ledger {
    /// Points `name` at a model (appends to the history; nothing is overwritten).
    @discardableResult
    public func setAlias(
        _ name: String, model: String, run: Int?, reason: String?, rollbackOf: Int? = nil
    ) throws(LedgerError) -> AliasRecord {
        try database.statement("INSERT INTO aliases (name, model_id, run_id, set_at, reason, rollback_of) VALUES (?, ?, ?, ?, ?, ?)")
            .run([.text(name), .text(model), SQLValue(run), .text(Ledger.now()), SQLValue(reason), SQLValue(rollbackOf)])
        return try aliasHistory(name).last!
    }

    /// The alias's current holder: its newest entry.
    public func alias(_ name: String) throws(LedgerError) -> AliasRecord? {
        try aliasHistory(name).last
    }

    /// Every entry of the alias, oldest first.
    public func aliasHistory(_ name: String) throws(LedgerError) -> [AliasRecord] {
        try database.statement("SELECT id, name, model_id, run_id, set_at, reason, rollback_of FROM aliases WHERE name = ? ORDER BY id")
            .rows([.text(name)]).map(Self.makeAlias)
    }

    /// Every alias's current holder, by name.
    public func aliases() throws(LedgerError) -> [AliasRecord] {
        try database.statement("""
            SELECT a.id, a.name, a.model_id, a.run_id, a.set_at, a.reason, a.rollback_of FROM aliases a
            WHERE a.id = (SELECT max(id) FROM aliases b WHERE b.name = a.name) ORDER BY a.name
            """).rows().map(Self.makeAlias)
    }

    /// The newest succeeded run that produced `model`, if any.
    public func run(producing model: String) throws(LedgerError) -> RunRecord? {
        guard let id = try database.statement("SELECT id FROM runs WHERE fine_tuned_model = ? ORDER BY id DESC LIMIT 1")
            .scalar([.text(model)])?.int else { return nil }
        return try run(id)
    }

    private static func makeAlias(_ row: Row) -> AliasRecord {
        AliasRecord(id: row["id"].int ?? 0, name: row["name"].string ?? "", modelID: row["model_id"].string ?? "", runID: row["run_id"].int,
                    setAt: row["set_at"].string ?? "", reason: row["reason"].string, rollbackOf: row["rollback_of"].int)
    }
}
