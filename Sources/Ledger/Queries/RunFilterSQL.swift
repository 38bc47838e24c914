import SweepCore

/// Compiles a `RunFilter` to an SQL condition over `runs r` (joined to `sweeps s`) with every
/// value bound as a parameter; field names come from a fixed table or the ledger's own parameter
/// names, never from the input.
struct RunFilterSQL {
    enum Kind { case number, text, digest, date, parameter }

    /// The hyperparameter names the ledger's runs have beyond the standard columns (`run_params`).
    var parameters: Set<String> = []

    /// Fields: summary columns and settings, never a scan of `metrics` (except `valid_loss:lastN`).
    /// Every catalogue metric is a field by its name and aliases.
    static let fields: [String: (sql: String, kind: Kind)] = Dictionary(
        uniqueKeysWithValues: Metric.allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, ("r.\(metric.column)", Kind.number)) } }
    ).merging(settings) { metric, _ in metric }

    private static let settings: [String: (sql: String, kind: Kind)] = [
        "n_epochs": ("r.n_epochs", .number), "batch_size": ("r.batch_size", .number),
        "learning_rate_multiplier": ("r.learning_rate_multiplier", .number), "seed": ("r.seed", .number),
        "steps": ("r.steps", .number), "trained_tokens": ("r.trained_tokens", .number), "run": ("r.id", .number),
        "id": ("r.id", .number), "attempt": ("r.attempt", .number),
        "cost": ("(coalesce(r.cost_nanos, r.est_cost_nanos) / 1e9)", .number),
        "model": ("r.model", .text), "state": ("r.state", .text), "sweep": ("s.name", .text), "provider": ("r.provider", .text),
        "fine_tuned_model": ("r.fine_tuned_model", .text), "job": ("r.job_id", .text), "trial_key": ("r.trial_key", .text),
        "error_code": ("r.error_code", .text),
        "training": ("r.training_digest", .digest), "validation": ("r.validation_digest", .digest),
        "created": ("r.created_at", .date), "finished": ("r.finished_at", .date),
        // The names runs have in JSON output, so a key read there filters here too.
        "job_id": ("r.job_id", .text), "sweep_id": ("r.sweep_id", .number), "sweep_name": ("s.name", .text),
        "training_digest": ("r.training_digest", .digest), "validation_digest": ("r.validation_digest", .digest),
        "created_at": ("r.created_at", .date), "finished_at": ("r.finished_at", .date),
        "estimated_tokens": ("r.est_tokens", .number), "cost_nanos": ("r.cost_nanos", .number),
        "estimated_cost_nanos": ("r.est_cost_nanos", .number), "request_json": ("r.request_json", .text),
        "resolved_json": ("r.resolved_json", .text), "error_message": ("r.error_message", .text),
        "parameters": ("r.params_json", .text),
    ]

    static let aliasSQL = "r.id IN (SELECT a.run_id FROM aliases a WHERE a.id = (SELECT max(b.id) FROM aliases b WHERE b.name = a.name)"

    func compile(_ filter: RunFilter) throws(QueryError) -> (String, [SQLValue]) {
        switch filter {
        case let .and(left, right): return try combine(left, "AND", right)
        case let .or(left, right): return try combine(left, "OR", right)
        case let .not(inner):
            let (sql, values) = try compile(inner)
            return ("NOT (\(sql))", values)
        case let .isNull(field, negated, column):
            if field == "alias" { return ((negated ? "" : "NOT ") + Self.aliasSQL + ")", []) }
            let (sql, _, values) = try resolve(field, column)
            return ("\(sql) IS \(negated ? "NOT " : "")NULL", values)
        case let .contains(field, text, column):
            let (sql, kind, values) = try resolve(field, column)
            guard kind != .number else { throw QueryError(column: column, message: "\(field) is a number; 'contains' needs text") }
            return ("\(sql) LIKE ? ESCAPE '\\'", values + [.text("%" + Self.escapeLike(text) + "%")])
        case let .compare(field, op, value, column):
            if field == "alias" {
                guard op == .equal || op == .notEqual, case .text(let name) = value else { throw QueryError(column: column, message: "alias compares with = or != to a name") }
                return ((op == .notEqual ? "NOT " : "") + Self.aliasSQL + " AND a.name = ?)", [.text(name)])
            }
            let (sql, kind, values) = try resolve(field, column)
            let bound = try Self.bind(value, kind, field, column)
            if kind == .digest && (op == .equal || op == .notEqual) {
                return ("\(sql) \(op == .equal ? "" : "NOT ")LIKE ? ESCAPE '\\'", values + [bound])
            }
            // A day compares with the day part of a timestamp: `created = 2026-12-02` is that whole day.
            if kind == .date, case .text(let text) = value, text.count == 10 {
                return ("substr(\(sql), 1, 10) \(op.rawValue) ?", values + [bound])
            }
            // A parameter holds numbers and names alike; a number compares only with numbers (SQLite sorts text after every number).
            if kind == .parameter, case .number = value {
                return ("(typeof(\(sql)) IN ('integer', 'real') AND \(sql) \(op.rawValue) ?)", values + values + [bound])
            }
            return ("\(sql) \(op.rawValue) ?", values + [bound])
        case let .within(field, list, column):
            let (sql, kind, values) = try resolve(field, column)
            var bound: [SQLValue] = []
            for value in list { bound.append(try Self.bind(value, kind == .digest ? .text : kind, field, column)) }
            return ("\(sql) IN (\(list.map { _ in "?" }.joined(separator: ", ")))", values + bound)
        }
    }

    private func combine(_ left: RunFilter, _ word: String, _ right: RunFilter) throws(QueryError) -> (String, [SQLValue]) {
        let (l, lv) = try compile(left), (r, rv) = try compile(right)
        return ("(\(l) \(word) \(r))", lv + rv)
    }

    /// A field's SQL and kind; `valid_loss:lastN` averages the run's last N validation losses; a
    /// parameter is its one row of `run_params` (a primary-key lookup).
    private func resolve(_ field: String, _ column: Int) throws(QueryError) -> (String, Kind, [SQLValue]) {
        if let known = Self.fields[field] { return (known.sql, known.kind, []) }
        // `parameters.lora_r` is how runs' JSON nests it; `lora_r` alone is the same field.
        let parameter = field.hasPrefix("parameters.") ? String(field.dropFirst("parameters.".count)) : field
        if parameters.contains(parameter) { return (Self.parameterSQL, .parameter, [.text(parameter)]) }
        if let evaluation = RunQuery.evaluationExpression(field) { return (evaluation, .number, []) }
        if let (series, count) = RunQuery.lastValues(field) {
            return ("(SELECT avg(v) FROM (SELECT m.\(series.column) AS v FROM \(series.table.rawValue) m WHERE m.run_id = r.id AND m.\(series.column) IS NOT NULL ORDER BY m.step DESC LIMIT ?))", .number, [.integer(Int64(count))])
        }
        let names = (Array(Self.fields.keys) + ["alias"] + MetricSeries.allCases.filter(\.averagesLast).map { "\($0.rawValue):lastN" } + RunQuery.evaluationKeys + parameters).sorted()
        let close = names.map { ($0, SpecParser.editDistance(field, $0)) }.min { $0.1 < $1.1 }
        let hint = close.map { $0.1 <= 2 ? "; did you mean '\($0.0)'?" : "" } ?? ""
        throw QueryError(column: column, message: "unknown field '\(field)'\(hint); fields are \(names.joined(separator: ", "))")
    }

    static let parameterSQL = "(SELECT p.value FROM run_params p WHERE p.run_id = r.id AND p.name = ?)"

    private static func bind(_ value: QueryValue, _ kind: Kind, _ field: String, _ column: Int) throws(QueryError) -> SQLValue {
        switch (kind, value) {
        case let (.parameter, .number(number)): return .real(number)
        case let (.parameter, .text(text)): return .text(text)
        case let (.number, .number(number)): return .real(number)
        case let (.number, .text(text)): throw QueryError(column: column, message: "\(field) is a number; '\(text)' is not")
        case let (.text, .text(text)): return .text(text)
        case let (.text, .number(number)):
            // `Int(exactly:)`, not `Int(_:)`: a whole number past Int's range (`1e300`) trapped.
            return .text(Int(exactly: number).map(String.init) ?? String(number))
        case let (.digest, .text(text)):
            let hex = text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text
            guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else { throw QueryError(column: column, message: "\(field) takes a digest prefix such as 6dfca047") }
            return .text("sha256:" + hex.lowercased() + "%")
        case (.digest, .number): throw QueryError(column: column, message: "\(field) takes a digest prefix; quote it if it is all digits")
        case let (.date, .text(text)):
            guard isDate(text) else { throw QueryError(column: column, message: "\(field) takes a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; found '\(text)'") }
            return .text(text)
        case (.date, .number): throw QueryError(column: column, message: "\(field) takes a date as YYYY-MM-DD")
        }
    }

    /// A real calendar date (and time), as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[Z]`.
    static func isDate(_ text: String) -> Bool {
        let digits = Array(text)
        guard digits.count == 10 || digits.count == 19 || digits.count == 20 else { return false }
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ")
        for (index, character) in digits.enumerated() {
            let expected = pattern[index]
            if expected == "d" ? !("0"..."9").contains(character) : character != expected { return false }
        }
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range])) ?? -1 }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day) else { return false }
        guard digits.count > 10 else { return true }
        return (0...23).contains(number(11..<13)) && (0...59).contains(number(14..<16)) && (0...59).contains(number(17..<19))
    }

    private static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
