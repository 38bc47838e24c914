extension Ledger {
    /// Makes `owner` the sweep's launcher, so two launches never submit the same trials. Another holder
    /// keeps it unless `canTakeOver(holder, heartbeat)` says that launch is gone. Returns the holder that
    /// kept it, or nil when `owner` now holds it.
    public func claimSweep(_ id: Int, owner: String, now: Int, canTakeOver: (String, Int) -> Bool) throws -> String? {
        try database.transaction {
            let row = try database.statement("SELECT launcher, heartbeat_at FROM sweeps WHERE id = ?").rows([.integer(Int64(id))]).first
            if let holder = row?["launcher"].string, holder != owner, !canTakeOver(holder, row?["heartbeat_at"].int ?? 0) { return holder }
            try database.statement("UPDATE sweeps SET launcher = ?, heartbeat_at = ? WHERE id = ?")
                .run([.text(owner), .integer(Int64(now)), .integer(Int64(id))])
            return nil
        }
    }

    /// Records that the launch holding the sweep is alive.
    public func heartbeat(sweep id: Int, owner: String, now: Int) throws(LedgerError) {
        try database.statement("UPDATE sweeps SET heartbeat_at = ? WHERE id = ? AND launcher = ?")
            .run([.integer(Int64(now)), .integer(Int64(id)), .text(owner)])
    }

    /// Lets go of the sweep, if `owner` still holds it.
    public func releaseSweep(_ id: Int, owner: String) throws(LedgerError) {
        try database.statement("UPDATE sweeps SET launcher = NULL, heartbeat_at = NULL WHERE id = ? AND launcher = ?")
            .run([.integer(Int64(id)), .text(owner)])
    }

    /// The launch holding the sweep, as 'pid@host', when one does.
    public func sweepLauncher(_ id: Int) throws(LedgerError) -> String? {
        try database.statement("SELECT launcher FROM sweeps WHERE id = ?").scalar([.integer(Int64(id))])?.string
    }

    /// What the sweep's jobs have cost so far, from one aggregate over its runs.
    public func spend(sweep id: Int) throws(LedgerError) -> SweepSpend {
        let row = try database.statement("""
            SELECT count(*) AS jobs, coalesce(sum(cost_nanos), 0) AS reported,
                coalesce(sum(CASE WHEN cost_nanos IS NULL THEN est_cost_nanos END), 0) AS estimated,
                coalesce(sum(coalesce(trained_tokens, est_tokens)), 0) AS tokens
            FROM runs WHERE sweep_id = ? AND job_id IS NOT NULL
            """).rows([.integer(Int64(id))]).first
        func number(_ name: String) -> Int { row?[name].int ?? 0 }
        return SweepSpend(
            jobs: number("jobs"), reportedCostNanos: Int64(number("reported")), estimatedCostNanos: Int64(number("estimated")),
            tokens: number("tokens"))
    }
}
