import SweepCore

extension Ledger {
    /// Writes a run's intent before its job exists: the next attempt of its trial key in the sweep.
    public func insertRun(_ run: RunRecord) throws -> RunRecord {
        try database.transaction {
            let attempt = (try database.statement("SELECT max(attempt) FROM runs WHERE sweep_id IS ? AND trial_key = ?")
                .scalar([SQLValue(run.sweepID), .text(run.trialKey)])?.int ?? 0) + 1
            try database.statement("""
                INSERT INTO runs (sweep_id, trial_key, attempt, model, n_epochs, batch_size, learning_rate_multiplier, seed,
                    training_digest, validation_digest, provider, state, request_json, created_at, est_cost_nanos, est_tokens, params_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                SQLValue(run.sweepID), .text(run.trialKey), .integer(Int64(attempt)), .text(run.model), SQLValue(run.nEpochs),
                SQLValue(run.batchSize), SQLValue(run.learningRateMultiplier), SQLValue(run.seed), SQLValue(run.trainingDigest),
                SQLValue(run.validationDigest), .text(run.provider), .text(run.state.description), .text(run.requestJSON), .text(Ledger.now()),
                SQLValue(run.estimatedCostNanos), SQLValue(run.estimatedTokens), run.parameters.isEmpty ? .null : .text(run.parameters.json),
            ])
            let id = database.lastInsertedRowID
            let parameter = try database.statement("INSERT INTO run_params (run_id, name, value) VALUES (?, ?, ?)")
            for (name, value) in run.parameters {
                try parameter.run([.integer(Int64(id)), .text(name.rawValue), SQLValue(value)])
            }
            return try self.run(id)
        }
    }

    /// The job a run was given, and its state.
    public func attachJob(run: Int, jobID: String, state: RunState) throws(LedgerError) {
        try database.statement("UPDATE runs SET job_id = ?, state = ? WHERE id = ?").run([.text(jobID), .text(state.description), .integer(Int64(run))])
    }

    public func setRunState(_ run: Int, _ state: RunState) throws(LedgerError) {
        try database.statement("UPDATE runs SET state = ? WHERE id = ?").run([.text(state.description), .integer(Int64(run))])
    }

    /// Stores metric rows (idempotently) and refreshes the run's summary columns, all or nothing, and
    /// returns the series the rows carry. A caller writing one run's rows in many pages refreshes once,
    /// after the last (`refreshSummary(of:series:)`, with the series of every page).
    @discardableResult
    public func recordMetrics(_ rows: [MetricRow], run: Int, refreshingSummary: Bool = true) throws -> Set<MetricSeries> {
        // Only the series these rows carry are written, so a file without the legacy classification
        // columns binds no more than before they existed.
        let series = MetricSeries.allCases.filter { series in rows.contains { $0[series] != nil } }
        try database.transaction {
            // A run's first rows are all it has: its summary follows from them without reading them back.
            let first = try refreshingSummary && database.statement("SELECT NOT EXISTS (SELECT 1 FROM metrics WHERE run_id = ?)")
                .scalar([.integer(Int64(run))])?.int == 1
            for table in MetricTable.allCases {
                let columns = series.filter { $0.table == table }
                // Every step has its row in `metrics`; another table gets a row only where it has a value.
                guard table == .metrics || !columns.isEmpty else { continue }
                let insert = try database.statement(Self.metricsInsert(columns, into: table))
                insert.reset()
                insert.bind(Int64(run), at: 1)
                for row in rows where table == .metrics || columns.contains(where: { row[$0] != nil }) {
                    insert.bind(Int64(row.step), at: 2)
                    for (index, series) in columns.enumerated() { insert.bind(Self.kept(row[series]), at: Int32(index + 3)) }
                    try insert.step()
                }
            }
            if first {
                try writeSummary(MetricSummary(rows), of: run, series: Set(series))
            } else if refreshingSummary {
                try refreshSummary(of: run, series: Set(series))
            }
        }
        return Set(series)
    }

    /// An upsert of metric rows into `table` that sets `series` and keeps what the row already had for the others.
    private static func metricsInsert(_ series: [MetricSeries], into table: MetricTable) -> String {
        let columns = series.map(\.column)
        let update = columns.map { "\($0) = coalesce(excluded.\($0), \($0))" }
        return "INSERT INTO \(table.rawValue) (" + (["run_id", "step"] + columns).joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: columns.count + 2).joined(separator: ", ") + ") ON CONFLICT (run_id, step) DO "
            + (update.isEmpty ? "NOTHING" : "UPDATE SET " + update.joined(separator: ", "))
    }

    /// Beyond this magnitude a figure is a divergence, not a loss or an accuracy (`1e308` included).
    public static let divergenceThreshold = 1e15

    /// A figure as stored: NaN becomes +inf, so that a divergence stays visible instead of missing.
    static func kept(_ value: Double?) -> Double? { value.map { $0.isNaN ? .infinity : $0 } }

    /// Recomputes a run's summary columns from its metric rows; a run that diverged (any figure
    /// non-finite or beyond the threshold) keeps its curve but no summary figure, so it is never best.
    /// A metric shown only when present (the legacy classification figures) is recomputed only when
    /// `series`, the series just written, holds its own: learning that a run has none reads every row.
    public func refreshSummary(of run: Int, series: Set<MetricSeries> = Set(MetricSeries.allCases)) throws(LedgerError) {
        let values: [SQLValue] = [.integer(Int64(run)), .real(Self.divergenceThreshold)]
        // Asked once, not inside each summary: it reads every row of a run that has not diverged.
        let diverged = try database.statement(
            "SELECT " + MetricTable.allCases.map { table in
                "EXISTS (SELECT 1 FROM \(table.rawValue) WHERE run_id = ?1 AND ("
                    + table.series.map { "abs(\($0.column)) >= ?2" }.joined(separator: " OR ") + "))"
            }.joined(separator: " OR ")
        ).scalar(values)?.int == 1
        let (refreshed, kept) = Self.summarised(series)
        let summaries = refreshed.compactMap { metric -> String? in
            guard let source = metric.series else { return nil }
            let column = source.series.column, table = source.series.table.rawValue
            let value = switch source.summary {
            case .last: "(SELECT \(column) FROM \(table) WHERE run_id = ?1 AND \(column) IS NOT NULL ORDER BY step DESC LIMIT 1)"
            case .min: "(SELECT min(\(column)) FROM \(table) WHERE run_id = ?1)"
            }
            return "\(metric.column) = \(diverged ? "NULL" : value)"
        }
        try database.statement("""
            UPDATE runs SET steps = (SELECT max(step) FROM metrics WHERE run_id = ?1),
                \(summaries.joined(separator: ",\n    "))
            WHERE id = ?1
            """).run([values[0]])
        // A kept figure is cleared only when the run now diverged.
        guard diverged, !kept.isEmpty else { return }
        try database.statement("UPDATE runs SET \(kept.map { "\($0.column) = NULL" }.joined(separator: ", ")) WHERE id = ?1")
            .run([values[0]])
    }

    /// The summary of a run's first rows, computed as `refreshSummary` computes it from the ledger.
    private func writeSummary(_ summary: MetricSummary, of run: Int, series: Set<MetricSeries>) throws(LedgerError) {
        let (refreshed, kept) = Self.summarised(series)
        // A diverged run keeps no figure: the kept ones are cleared with the rest.
        let written = summary.diverged ? refreshed + kept : refreshed
        let figures = written.map { summary.diverged ? SQLValue.null : SQLValue(summary.figures[$0]) }
        try database.statement("UPDATE runs SET " + (["steps"] + written.map(\.column)).map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?")
            .run([SQLValue(summary.steps)] + figures + [.integer(Int64(run))])
    }

    /// The summary columns a write of `series` recomputes, and those it keeps: a metric shown only when
    /// present is recomputed only when its series was written. Figures of an evaluation are not
    /// summaries of rows: only storing the evaluation writes them.
    private static func summarised(_ series: Set<MetricSeries>) -> (refreshed: [Metric], kept: [Metric]) {
        let summarised = Metric.allCases.filter { $0.series != nil }
        func isRefreshed(_ metric: Metric) -> Bool { metric.visibility != .whenPresent || metric.series.map { series.contains($0.series) } == true }
        return (summarised.filter(isRefreshed), summarised.filter { !isRefreshed($0) })
    }

    /// Records how a run ended. Its cost follows from the tokens the job reports, at the price the plan used.
    public func finishRun(_ run: Int, _ outcome: RunOutcome) throws(LedgerError) {
        try database.statement("""
            UPDATE runs SET state = ?1, fine_tuned_model = ?2, trained_tokens = ?3, error_code = ?4, error_message = ?5,
                resolved_json = coalesce(?6, resolved_json), finished_at = ?7,
                cost_nanos = CASE WHEN ?3 IS NOT NULL AND est_tokens > 0 AND est_cost_nanos IS NOT NULL
                    THEN CAST(round(1.0 * est_cost_nanos * ?3 / est_tokens) AS INTEGER) END
            WHERE id = ?8
            """).run([
            .text(outcome.state.description), SQLValue(outcome.fineTunedModel), SQLValue(outcome.trainedTokens), SQLValue(outcome.errorCode),
            SQLValue(outcome.errorMessage), SQLValue(outcome.resolvedJSON), .text(Ledger.now()), .integer(Int64(run)),
        ])
    }

    public func recordResolved(run: Int, json: String) throws(LedgerError) {
        try database.statement("UPDATE runs SET resolved_json = ? WHERE id = ?").run([.text(json), .integer(Int64(run))])
    }

    /// Stores events (idempotently, by event id).
    public func recordEvents(_ events: [(id: String, createdAt: Int, level: String, type: String, message: String, dataJSON: String?)], run: Int) throws {
        try database.transaction {
            let insert = try database.statement("""
                INSERT INTO events (run_id, event_id, created_at, level, type, message, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, event_id) DO NOTHING
                """)
            for event in events {
                try insert.run([
                    .integer(Int64(run)), .text(event.id), .integer(Int64(event.createdAt)), .text(event.level), .text(event.type),
                    .text(event.message), SQLValue(event.dataJSON),
                ])
            }
        }
    }

    /// Stores checkpoints (idempotently, by step).
    public func recordCheckpoints(_ checkpoints: [(step: Int, modelID: String, metricsJSON: String?)], run: Int) throws {
        try database.transaction {
            let insert = try database.statement("""
                INSERT INTO checkpoints (run_id, step, model_id, metrics_json) VALUES (?, ?, ?, ?)
                ON CONFLICT (run_id, step) DO UPDATE SET model_id = excluded.model_id, metrics_json = excluded.metrics_json
                """)
            for checkpoint in checkpoints {
                try insert.run([.integer(Int64(run)), .integer(Int64(checkpoint.step)), .text(checkpoint.modelID), SQLValue(checkpoint.metricsJSON)])
            }
        }
    }
}
