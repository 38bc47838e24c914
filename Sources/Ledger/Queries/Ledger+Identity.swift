extension Ledger {
    /// This ledger's own random identity, made when its schema reached v5. Every job a launch creates
    /// carries it in its metadata, so a job is adopted only by the ledger that made it.
    public var identity: String {
        get throws(LedgerError) {
            guard let id = try database.statement("SELECT value FROM ledger_meta WHERE key = 'ledger_id'").scalar()?.string else {
                throw .sqlite(code: 1, message: "the ledger has no identity (ledger_meta.ledger_id)", statement: "ledger identity")
            }
            return id
        }
    }

    /// The run that came from `origin` (an ingest's digest, or a bundle's '<ledger id>/<run id>'), if any.
    public func run(origin: String) throws(LedgerError) -> Int? {
        try database.statement("SELECT id FROM runs WHERE origin = ?").scalar([.text(origin)])?.int
    }

    /// Where a run came from; nil for a run made here.
    public func origin(of run: Int) throws(LedgerError) -> String? {
        try database.statement("SELECT origin FROM runs WHERE id = ?").scalar([.integer(Int64(run))])?.string
    }

    /// Records where an imported run came from; the unique index refuses a second run from one origin.
    public func setOrigin(_ origin: String, run: Int) throws(LedgerError) {
        try database.statement("UPDATE runs SET origin = ? WHERE id = ?").run([.text(origin), .integer(Int64(run))])
    }
}
