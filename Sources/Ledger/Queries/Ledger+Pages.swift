extension Ledger {
    /// Up to `limit` of a run's metric rows after `step`, in step order: a bundle reads a long run page by
    /// page along the primary key, so memory stays flat however many rows it has.
    public func metrics(run: Int, afterStep step: Int?, limit: Int) throws(LedgerError) -> [MetricRow] {
        try database.statement("\(Self.metricColumns) WHERE m.run_id = ? AND m.step > ? ORDER BY m.step LIMIT ?")
            .rows([.integer(Int64(run)), .integer(Int64(step ?? Int.min)), .integer(Int64(limit))]).map(Self.makeMetricRow)
    }

    /// Up to `limit` of a run's events after the event id `after`, in event-id order (the primary key's).
    public func events(run: Int, after: String?, limit: Int) throws(LedgerError) -> [StoredEvent] {
        try database.statement("""
            SELECT event_id, created_at, level, type, message, data_json FROM events
            WHERE run_id = ? AND event_id > ? ORDER BY event_id LIMIT ?
            """).rows([.integer(Int64(run)), .text(after ?? ""), .integer(Int64(limit))]).map(StoredEvent.init)
    }
}
