/// A parsed `runs ls --where` expression: the AST only; the ledger compiles it to parameterised SQL.
public indirect enum RunFilter: Sendable, Equatable {
    case and(RunFilter, RunFilter)
    case or(RunFilter, RunFilter)
    case not(RunFilter)
    case compare(field: String, op: Comparison, value: QueryValue, column: Int)
    case within(field: String, values: [QueryValue], column: Int)
    case contains(field: String, text: String, column: Int)
    case isNull(field: String, negated: Bool, column: Int)

    public enum Comparison: String, Sendable, Equatable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }
}

/// A literal in a filter: a number or text (dates are text, `YYYY-MM-DD`).
public enum QueryValue: Sendable, Equatable {
    case number(Double)
    case text(String)
}

/// Why a filter could not be parsed or typed; `column` is 1-based in the expression.
public struct QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
