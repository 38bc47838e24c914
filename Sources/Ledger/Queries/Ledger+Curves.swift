extension Ledger {
    /// About `points` train losses spread evenly over a run's steps, for a sparkline: one index
    /// seek each, so a status of many long runs never reads their whole history.
    public func trainLossCurve(run: Int, points: Int) throws(LedgerError) -> [Double] {
        guard points > 0, let last = try database.statement("SELECT max(step) FROM metrics WHERE run_id = ?").scalar([.integer(Int64(run))])?.int else {
            return []
        }
        let first = try database.statement("SELECT min(step) FROM metrics WHERE run_id = ?").scalar([.integer(Int64(run))])?.int ?? last
        let seek = try database.statement("SELECT train_loss FROM metrics WHERE run_id = ? AND step >= ? AND train_loss IS NOT NULL ORDER BY step LIMIT 1")
        let count = min(points, last - first + 1)
        var curve: [Double] = []
        for index in 0..<count {
            let step = count == 1 ? first : first + index * (last - first) / (count - 1)
            if let loss = try seek.scalar([.integer(Int64(run)), .integer(Int64(step))])?.double { curve.append(loss) }
        }
        return curve
    }
}
