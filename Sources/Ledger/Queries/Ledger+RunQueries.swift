import Foundation
import SweepCore

/// Which runs to list, and in what order.
public struct RunQuery: Sendable {
    public var sweep: String?
    /// Sort keys in order, each a column of `sortColumns` and a direction; none sorts by run id.
    public var sort: [(column: String, descending: Bool)]
    public var states: [String]?
    public var limit: Int?
    /// A `--where` filter.
    public var filter: RunFilter?

    public init(sweep: String? = nil, sortMetric: String? = nil, descending: Bool = false, states: [String]? = nil, limit: Int? = nil, filter: RunFilter? = nil) {
        self.sweep = sweep
        self.sort = sortMetric.map { [($0, descending)] } ?? []
        self.states = states
        self.limit = limit
        self.filter = filter
    }

    /// Parses `"full_valid_loss,-n_epochs"`: comma-separated keys, `-` for descending.
    public static func sortKeys(_ text: String) -> [(column: String, descending: Bool)]? {
        let keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { key in
            key.hasPrefix("-") ? (String(key.dropFirst()), true) : (key, false)
        }
        return keys.isEmpty || keys.contains { sortExpression($0.0) == nil } ? nil : keys
    }

    /// The SQL a sort key orders by: a summary column, or for `valid_loss:lastK` / `train_loss:lastK`
    /// the mean of the run's last K values (the one sort that reads `metrics`, K rows a run).
    static func sortExpression(_ key: String) -> String? {
        if let column = sortColumns[key] { return column }
        for metric in ["valid_loss", "train_loss"] where key.hasPrefix("\(metric):last") {
            guard let count = Int(key.dropFirst("\(metric):last".count)), (1...10_000).contains(count) else { return nil }
            return "(SELECT avg(v) FROM (SELECT m.\(metric) AS v FROM metrics m WHERE m.run_id = r.id AND m.\(metric) IS NOT NULL ORDER BY m.step DESC LIMIT \(count)))"
        }
        return nil
    }

    /// The metrics runs can be sorted by: summary columns, never scans of `metrics`.
    public static let sortColumns: [String: String] = [
        "full_valid_loss": "r.full_valid_loss", "min_valid_loss": "r.min_valid_loss", "final_valid_loss": "r.final_valid_loss",
        "final_train_loss": "r.final_train_loss", "full_valid_accuracy": "r.full_valid_accuracy", "n_epochs": "r.n_epochs",
        "batch_size": "r.batch_size", "learning_rate_multiplier": "r.learning_rate_multiplier", "created": "r.created_at",
        "trained_tokens": "r.trained_tokens", "id": "r.id",
        // Aggregates by their metric names: each is a summary column kept current at ingest.
        "valid_loss:min": "r.min_valid_loss", "valid_loss:last": "r.final_valid_loss", "train_loss:last": "r.final_train_loss",
        "full_valid_loss:last": "r.full_valid_loss", "full_valid_accuracy:last": "r.full_valid_accuracy",
    ]
}

extension Ledger {
    public func run(_ id: Int) throws(LedgerError) -> RunRecord {
        guard let row = try database.statement("\(Self.runColumns) WHERE r.id = ?").rows([.integer(Int64(id))]).first else {
            throw .notFound(what: "run", key: String(id))
        }
        return Self.makeRun(row)
    }

    /// Runs matching the query. Runs without the sort metric come last; ties go to the older run.
    public func runs(_ query: RunQuery) throws(LedgerError) -> [RunRecord] {
        let (sql, values) = try Self.sql(for: query)
        return try database.statement(sql).rows(values).map(Self.makeRun)
    }

    /// The SQL text and bound values of a run query (public so tests can ask SQLite for its plan).
    public static func sql(for query: RunQuery) throws(LedgerError) -> (String, [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let sweep = query.sweep {
            conditions.append("(s.name = ? OR CAST(s.id AS TEXT) = ?)")
            values += [.text(sweep), .text(sweep)]
        }
        if let states = query.states, !states.isEmpty {
            conditions.append("r.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            values += states.map(SQLValue.text)
        }
        if let filter = query.filter {
            do {
                let (condition, bound) = try RunFilterSQL.compile(filter)
                conditions.append(condition)
                values += bound
            } catch {
                throw .badFilter(error.description)
            }
        }
        var sql = Self.runColumns + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        let keys = query.sort.compactMap { key in RunQuery.sortExpression(key.column).map { ($0, key.descending) } }
        sql += " ORDER BY " + (keys.map { "\($0.0) IS NULL, \($0.0) \($0.1 ? "DESC" : "ASC")" } + ["r.id"]).joined(separator: ", ")
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(limit)))
        }
        return (sql, values)
    }

    /// The newest succeeded run with this trial key, if any (a finished trial is not run again).
    public func finishedRun(trialKey: String) throws(LedgerError) -> RunRecord? {
        try database.statement("\(Self.runColumns) WHERE r.trial_key = ? AND r.state = 'succeeded' ORDER BY r.id DESC LIMIT 1")
            .rows([.text(trialKey)]).first.map(Self.makeRun)
    }

    /// The newest run of this trial in the sweep that has not ended (a launcher died while it ran).
    public func unfinishedRun(sweep: Int, trialKey: String) throws(LedgerError) -> RunRecord? {
        try database.statement("""
            \(Self.runColumns) WHERE r.sweep_id = ? AND r.trial_key = ? AND r.finished_at IS NULL
                AND r.state NOT IN ('succeeded', 'failed', 'cancelled') ORDER BY r.id DESC LIMIT 1
            """).rows([.integer(Int64(sweep)), .text(trialKey)]).first.map(Self.makeRun)
    }

    /// A run's metric rows in step order.
    public func metrics(run: Int) throws(LedgerError) -> [MetricRow] {
        try database.statement("""
            SELECT step, train_loss, train_accuracy, valid_loss, valid_accuracy, full_valid_loss, full_valid_accuracy
            FROM metrics WHERE run_id = ? ORDER BY step
            """).rows([.integer(Int64(run))]).map {
            MetricRow(step: $0[0].int ?? 0, trainLoss: $0[1].double, trainAccuracy: $0[2].double, validLoss: $0[3].double,
                      validAccuracy: $0[4].double, fullValidLoss: $0[5].double, fullValidAccuracy: $0[6].double)
        }
    }

    private static let runColumns = """
        SELECT r.id, r.sweep_id, s.name, r.trial_key, r.attempt, r.model, r.n_epochs, r.batch_size, r.learning_rate_multiplier,
            r.seed, r.training_digest, r.validation_digest, r.provider, r.job_id, r.state, r.fine_tuned_model, r.trained_tokens,
            r.error_code, r.error_message, r.request_json, r.resolved_json, r.created_at, r.finished_at, r.steps,
            r.final_train_loss, r.min_valid_loss, r.final_valid_loss, r.full_valid_loss, r.full_valid_accuracy, r.est_cost_nanos
        FROM runs r LEFT JOIN sweeps s ON s.id = r.sweep_id
        """

    private static func makeRun(_ row: [SQLValue]) -> RunRecord {
        var run = RunRecord(
            sweepID: row[1].int, trialKey: row[3].string ?? "", model: row[5].string ?? "", nEpochs: row[6].int,
            batchSize: row[7].int, learningRateMultiplier: row[8].double, seed: row[9].int, trainingDigest: row[10].string ?? "",
            validationDigest: row[11].string, provider: row[12].string ?? "", requestJSON: row[19].string ?? "",
            estimatedCostNanos: row[29].int)
        run.id = row[0].int ?? 0
        run.sweepName = row[2].string
        run.attempt = row[4].int ?? 1
        run.jobID = row[13].string
        run.state = row[14].string ?? ""
        run.fineTunedModel = row[15].string
        run.trainedTokens = row[16].int
        run.errorCode = row[17].string
        run.errorMessage = row[18].string
        run.resolvedJSON = row[20].string
        run.createdAt = row[21].string ?? ""
        run.finishedAt = row[22].string
        run.steps = row[23].int
        run.finalTrainLoss = row[24].double
        run.minValidLoss = row[25].double
        run.finalValidLoss = row[26].double
        run.fullValidLoss = row[27].double
        run.fullValidAccuracy = row[28].double
        return run
    }
}

extension Ledger {
    /// A run's checkpoints by step.
    public func checkpoints(run: Int) throws(LedgerError) -> [(step: Int, model: String)] {
        try database.statement("SELECT step, model_id FROM checkpoints WHERE run_id = ? ORDER BY step").rows([.integer(Int64(run))])
            .map { ($0[0].int ?? 0, $0[1].string ?? "") }
    }

    /// A run's newest message events (metrics events left out), oldest of them first.
    public func lastEvents(run: Int, limit: Int) throws(LedgerError) -> [(createdAt: Int, level: String, message: String)] {
        try database.statement("""
            SELECT created_at, level, message FROM (
                SELECT created_at, level, message, event_id FROM events WHERE run_id = ? AND type != 'metrics'
                ORDER BY event_id DESC LIMIT ?) ORDER BY event_id
            """).rows([.integer(Int64(run)), .integer(Int64(limit))]).map { ($0[0].int ?? 0, $0[1].string ?? "", $0[2].string ?? "") }
    }
}

extension Ledger {
    /// Runs whose job has not ended, optionally of some sweeps: what `collect` polls.
    public func runsToCollect(sweeps: [String]) throws(LedgerError) -> [RunRecord] {
        let unfinished = try runs(RunQuery()).filter { $0.jobID != nil && $0.finishedAt == nil && !["succeeded", "failed", "cancelled"].contains($0.state) }
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

/// A checkpoint as a candidate for `best`: its model and the metrics stored with it.
public struct CheckpointCandidate: Sendable, Equatable, Codable {
    public var runID: Int
    public var step: Int
    public var modelID: String
    public var metrics: [String: Double]
}

extension Ledger {
    /// Checkpoints of succeeded runs (of one sweep, or all), with their metrics.
    public func checkpointCandidates(sweep: String?) throws(LedgerError) -> [CheckpointCandidate] {
        var sql = """
            SELECT c.run_id, c.step, c.model_id, c.metrics_json FROM checkpoints c JOIN runs r ON r.id = c.run_id
            LEFT JOIN sweeps s ON s.id = r.sweep_id WHERE r.state = 'succeeded'
            """
        var values: [SQLValue] = []
        if let sweep {
            sql += " AND (s.name = ? OR CAST(s.id AS TEXT) = ?)"
            values = [.text(sweep), .text(sweep)]
        }
        return try database.statement(sql + " ORDER BY c.run_id, c.step").rows(values).map { row in
            let metrics = row[3].string.flatMap { try? JSONDecoder().decode([String: Double].self, from: Data($0.utf8)) } ?? [:]
            return CheckpointCandidate(runID: row[0].int ?? 0, step: row[1].int ?? 0, modelID: row[2].string ?? "", metrics: metrics)
        }
    }
}

/// An event as stored, for bundles.
public struct StoredEvent: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Int
    public var level: String
    public var type: String
    public var message: String
    public var dataJSON: String?
}

/// A checkpoint as stored, for bundles.
public struct StoredCheckpoint: Sendable, Equatable, Codable {
    public var step: Int
    public var modelID: String
    public var metricsJSON: String?
}

extension Ledger {
    public func events(run: Int) throws(LedgerError) -> [StoredEvent] {
        try database.statement("SELECT event_id, created_at, level, type, message, data_json FROM events WHERE run_id = ? ORDER BY created_at, event_id")
            .rows([.integer(Int64(run))]).map {
                StoredEvent(id: $0[0].string ?? "", createdAt: $0[1].int ?? 0, level: $0[2].string ?? "", type: $0[3].string ?? "", message: $0[4].string ?? "", dataJSON: $0[5].string)
            }
    }

    public func storedCheckpoints(run: Int) throws(LedgerError) -> [StoredCheckpoint] {
        try database.statement("SELECT step, model_id, metrics_json FROM checkpoints WHERE run_id = ? ORDER BY step")
            .rows([.integer(Int64(run))]).map { StoredCheckpoint(step: $0[0].int ?? 0, modelID: $0[1].string ?? "", metricsJSON: $0[2].string) }
    }
}
