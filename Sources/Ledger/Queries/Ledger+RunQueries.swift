import Foundation
import SweepCore

extension Ledger {
    public func run(_ id: Int) throws(LedgerError) -> RunRecord {
        guard let row = try database.statement("\(Self.runColumns) WHERE r.id = ?").rows([.integer(Int64(id))]).first else {
            throw .notFound(what: "run", key: String(id))
        }
        return Self.makeRun(row)
    }

    /// Runs matching the query. Runs without the sort metric come last; ties go to the older run.
    /// A sweep that does not exist is `notFound`, never an empty answer.
    public func runs(_ query: RunQuery) throws(LedgerError) -> [RunRecord] {
        if let sweep = query.sweep { _ = try self.sweep(named: sweep) }
        // Only a filter or a sort can name a parameter.
        let names = query.filter == nil && query.sort.isEmpty ? [] : try parameterNames()
        let (sql, values) = try Self.sql(for: query, parameters: names)
        return try database.statement(sql).rows(values).map(Self.makeRun)
    }

    /// The names of the hyperparameters runs have beyond the standard columns, in name order (an index read).
    public func parameterNames() throws(LedgerError) -> Set<String> {
        Set(try database.statement("SELECT DISTINCT name FROM run_params").rows().compactMap { $0["name"].string })
    }

    /// The SQL text and bound values of a run query (public so tests can ask SQLite for its plan);
    /// `parameters` are the names `--where` and `--sort` may use besides the fixed fields.
    static func sql(for query: RunQuery, parameters: Set<String> = []) throws(LedgerError) -> (String, [SQLValue]) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let sweep = query.sweep {
            // One sweep id, resolved once as `sweep(named:)` does, so the planner can use the per-sweep ranking indexes.
            conditions.append("r.sweep_id = (SELECT id FROM sweeps WHERE name = ? OR CAST(id AS TEXT) = ? LIMIT 1)")
            values += [.text(sweep), .text(sweep)]
        }
        if let states = query.states, !states.isEmpty {
            conditions.append("r.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            values += states.map { .text($0.description) }
        }
        if let filter = query.filter {
            do {
                let (condition, bound) = try RunFilterSQL(parameters: parameters).compile(filter)
                conditions.append(condition)
                values += bound
            } catch {
                throw .badFilter(error.description)
            }
        }
        var sql = Self.runColumns + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        var order: [String] = []
        for key in query.sort {
            let parameter = parameters.contains(key.column) ? RunQuery.parameterExpression(key.column) : nil
            guard let expression = RunQuery.sortExpression(key.column) ?? parameter else {
                let known = (RunQuery.sortColumns.keys.sorted() + RunQuery.evaluationKeys + parameters.sorted())
                throw .badSort("unknown sort key '\(key.column)'\(SpecParser.suggestion(for: key.column, among: known))")
            }
            // A run's id is never NULL: ordering by it alone lets SQLite walk the table backwards and stop
            // at the first match, where `IS NULL` first would sort every run (newest succeeded run: 200 ms at 100,000 runs).
            order.append((expression == "r.id" ? "" : "\(expression) IS NULL, ") + "\(expression) \(key.descending ? "DESC" : "ASC")")
        }
        sql += " ORDER BY " + (order + ["r.id"]).joined(separator: ", ")
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(limit)))
        }
        return (sql, values)
    }

    /// The newest succeeded run with this trial key, if any (a finished trial is not run again).
    public func finishedRun(trialKey: String) throws(LedgerError) -> RunRecord? {
        try database.statement("\(Self.runColumns) WHERE r.trial_key = ? AND r.state = '\(RunState.succeeded)' ORDER BY r.id DESC LIMIT 1")
            .rows([.text(trialKey)]).first.map(Self.makeRun)
    }

    /// Every run of the sweep that has not ended: pending intents and jobs still going.
    public func unfinishedRuns(sweep: Int) throws(LedgerError) -> [RunRecord] {
        try database.statement("""
            \(Self.runColumns) WHERE r.sweep_id = ? AND r.finished_at IS NULL AND r.state NOT IN \(Self.endedStates)
            ORDER BY r.id
            """).rows([.integer(Int64(sweep))]).map(Self.makeRun)
    }

    /// The latest attempt of this trial in the named sweep.
    public func latestRun(sweep: String, trialKey: String) throws(LedgerError) -> RunRecord? {
        try database.statement("\(Self.runColumns) WHERE s.name = ? AND r.trial_key = ? ORDER BY r.attempt DESC LIMIT 1")
            .rows([.text(sweep), .text(trialKey)]).first.map(Self.makeRun)
    }

    /// The newest run of this trial in the sweep that has not ended (a launcher died while it ran).
    public func unfinishedRun(sweep: Int, trialKey: String) throws(LedgerError) -> RunRecord? {
        try database.statement("""
            \(Self.runColumns) WHERE r.sweep_id = ? AND r.trial_key = ? AND r.finished_at IS NULL
                AND r.state NOT IN \(Self.endedStates) ORDER BY r.id DESC LIMIT 1
            """).rows([.integer(Int64(sweep)), .text(trialKey)]).first.map(Self.makeRun)
    }

    /// A run's metric rows in step order.
    public func metrics(run: Int) throws(LedgerError) -> [MetricRow] {
        try database.statement("\(Self.metricColumns) WHERE m.run_id = ? ORDER BY m.step").rows([.integer(Int64(run))]).map(Self.makeMetricRow)
    }

    /// The states of runs that have ended, as an SQL list.
    static let endedStates = "(" + RunState.ended.map { "'\($0)'" }.joined(separator: ", ") + ")"

    /// `SELECT` of metric rows (`m`): the step, then every series in the catalogue's order, each from its table.
    static let metricColumns = "SELECT m.step, "
        + MetricSeries.allCases.map { "\($0.table == .metrics ? "m" : $0.table.rawValue).\($0.column)" }.joined(separator: ", ")
        + " FROM metrics m"
        + MetricTable.allCases.filter { $0 != .metrics }
            .map { " LEFT JOIN \($0.rawValue) ON \($0.rawValue).run_id = m.run_id AND \($0.rawValue).step = m.step" }.joined()

    static func makeMetricRow(_ row: Row) -> MetricRow {
        var metrics = MetricRow(step: row["step"].int ?? 0)
        for series in MetricSeries.allCases { metrics[series] = row[series.column].double }
        return metrics
    }

    /// The run's own columns, its sweep's name, and every catalogue metric's summary column.
    private static let runColumns = """
        SELECT r.id, r.sweep_id, s.name AS sweep_name, r.trial_key, r.attempt, r.model, r.n_epochs, r.batch_size,
            r.learning_rate_multiplier, r.seed, r.training_digest, r.validation_digest, r.provider, r.job_id, r.state,
            r.fine_tuned_model, r.trained_tokens, r.error_code, r.error_message, r.request_json, r.resolved_json, r.created_at,
            r.finished_at, r.steps, r.est_cost_nanos, r.est_tokens, r.cost_nanos, r.params_json,
            \(Metric.allCases.map { "r.\($0.column)" }.joined(separator: ", "))
        FROM runs r LEFT JOIN sweeps s ON s.id = r.sweep_id
        """

    private static func makeRun(_ row: Row) -> RunRecord {
        var run = RunRecord(
            sweepID: row["sweep_id"].int, trialKey: row["trial_key"].string ?? "", model: row["model"].string ?? "",
            nEpochs: row["n_epochs"].int, batchSize: row["batch_size"].int, learningRateMultiplier: row["learning_rate_multiplier"].double,
            seed: row["seed"].int, trainingDigest: row["training_digest"].string, validationDigest: row["validation_digest"].string,
            provider: row["provider"].string ?? "", requestJSON: row["request_json"].string ?? "", estimatedCostNanos: row["est_cost_nanos"].int)
        run.id = row["id"].int ?? 0
        run.sweepName = row["sweep_name"].string
        run.attempt = row["attempt"].int ?? 1
        run.jobID = row["job_id"].string
        run.state = RunState(row["state"].string ?? "")
        run.fineTunedModel = row["fine_tuned_model"].string
        run.trainedTokens = row["trained_tokens"].int
        run.errorCode = row["error_code"].string
        run.errorMessage = row["error_message"].string
        run.resolvedJSON = row["resolved_json"].string
        run.createdAt = row["created_at"].string ?? ""
        run.finishedAt = row["finished_at"].string
        run.steps = row["steps"].int
        run.estimatedTokens = row["est_tokens"].int
        run.costNanos = row["cost_nanos"].int
        run.parameters = row["params_json"].string.flatMap(ParameterValues.init(json:)) ?? ParameterValues()
        for metric in Metric.allCases { run[metric] = row[metric.column].double }
        return run
    }
}
