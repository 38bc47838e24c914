import Foundation
import SweepCore

extension Ledger {
    /// A run's checkpoints by step.
    public func checkpoints(run: Int) throws(LedgerError) -> [(step: Int, model: String)] {
        try database.statement("SELECT step, model_id FROM checkpoints WHERE run_id = ? ORDER BY step").rows([.integer(Int64(run))])
            .map { ($0["step"].int ?? 0, $0["model_id"].string ?? "") }
    }

    /// A run's newest message events (metrics events left out), oldest of them first.
    public func lastEvents(run: Int, limit: Int) throws(LedgerError) -> [(createdAt: Int, level: String, message: String)] {
        try database.statement("""
            SELECT created_at, level, message FROM (
                SELECT created_at, level, message, event_id FROM events WHERE run_id = ? AND type != 'metrics'
                ORDER BY event_id DESC LIMIT ?) ORDER BY event_id
            """).rows([.integer(Int64(run)), .integer(Int64(limit))]).map { ($0["created_at"].int ?? 0, $0["level"].string ?? "", $0["message"].string ?? "") }
    }
}

extension Ledger {
    /// Runs whose job has not ended, optionally of some sweeps: what `collect` polls.
    public func runsToCollect(sweeps: [String]) throws(LedgerError) -> [RunRecord] {
        let unfinished = try runs(RunQuery()).filter { $0.jobID != nil && !$0.hasEnded }
        return sweeps.isEmpty ? unfinished : unfinished.filter { run in sweeps.contains { $0 == run.sweepName || $0 == run.sweepID.map(String.init) } }
    }

    /// The newest event id stored for a run, to ask the provider only for newer ones.
    public func lastEventID(run: Int) throws(LedgerError) -> String? {
        // Event ids need not sort (OpenAI's are random); the newest by time is a safe cursor: at worst a
        // few events come again, and storing them again changes nothing.
        try database.statement("SELECT event_id FROM events WHERE run_id = ? ORDER BY created_at DESC, event_id DESC LIMIT 1")
            .scalar([.integer(Int64(run))])?.string
    }
}

extension Ledger {
    /// Checkpoints of succeeded runs (of one sweep, or all), with their metrics.
    public func checkpointCandidates(sweep: String?) throws(LedgerError) -> [CheckpointCandidate] {
        var sql = """
            SELECT c.run_id, c.step, c.model_id, c.metrics_json FROM checkpoints c JOIN runs r ON r.id = c.run_id
            LEFT JOIN sweeps s ON s.id = r.sweep_id WHERE r.state = '\(RunState.succeeded)'
            """
        var values: [SQLValue] = []
        if let sweep {
            sql += " AND (s.name = ? OR CAST(s.id AS TEXT) = ?)"
            values = [.text(sweep), .text(sweep)]
        }
        return try database.statement(sql + " ORDER BY c.run_id, c.step").rows(values).map { row in
            let metrics = row["metrics_json"].string.flatMap { try? JSONDecoder().decode([String: Double].self, from: Data($0.utf8)) } ?? [:]
            return CheckpointCandidate(runID: row["run_id"].int ?? 0, step: row["step"].int ?? 0, modelID: row["model_id"].string ?? "", metrics: metrics)
        }
    }
}

extension StoredEvent {
    init(_ row: Row) {
        self.init(
            id: row["event_id"].string ?? "", createdAt: row["created_at"].int ?? 0, level: row["level"].string ?? "",
            type: row["type"].string ?? "", message: row["message"].string ?? "", dataJSON: row["data_json"].string)
    }
}

extension Ledger {
    public func events(run: Int) throws(LedgerError) -> [StoredEvent] {
        try database.statement("SELECT event_id, created_at, level, type, message, data_json FROM events WHERE run_id = ? ORDER BY created_at, event_id")
            .rows([.integer(Int64(run))]).map(StoredEvent.init)
    }

    public func storedCheckpoints(run: Int) throws(LedgerError) -> [StoredCheckpoint] {
        try database.statement("SELECT step, model_id, metrics_json FROM checkpoints WHERE run_id = ? ORDER BY step")
            .rows([.integer(Int64(run))]).map { StoredCheckpoint(step: $0["step"].int ?? 0, modelID: $0["model_id"].string ?? "", metricsJSON: $0["metrics_json"].string) }
    }
}
