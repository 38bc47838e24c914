/// Why the ledger could not do what was asked. Bound values never appear in these messages.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case missing(path: String)
    case sqlite(code: Int32, message: String, statement: String)
    case newerSchema(path: String, found: Int, known: Int)
    case notFound(what: String, key: String)
    case ambiguous(what: String, key: String, matches: Int)
    case badFilter(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the ledger at \(path): \(reason)"
        case let .missing(path): "no ledger at \(path) yet; it is made by the first command that records something (for example 'ftsweep data add FILE')"
        case let .sqlite(code, message, statement): "ledger error \(code): \(message) (in: \(statement))"
        case let .newerSchema(path, found, known):
            "\(path) has schema version \(found), but this ftsweep knows up to \(known); upgrade ftsweep"
        case let .notFound(what, key): "no \(what) matches '\(key)'"
        case let .ambiguous(what, key, matches): "'\(key)' matches \(matches) \(what)s; give more characters"
        case let .badFilter(message): "--where: \(message)"
        }
    }
}
