/// Why the ledger could not do what was asked. Bound values never appear in these messages.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case missing(path: String)
    case sqlite(code: Int32, message: String, statement: String)
    case newerSchema(path: String, found: Int, known: Int)
    case olderSchema(path: String, found: Int, known: Int)
    case badSchemaVersion(path: String, found: Int, known: Int)
    case notALedger(path: String, reason: String)
    case damaged(path: String, detail: String)
    case notFound(what: String, key: String)
    case ambiguous(what: String, key: String, matches: Int)
    /// A name that several records carry: each is named by the key that tells it apart.
    case ambiguousName(what: String, name: String, candidates: [String])
    case badFilter(String)
    case badSort(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the ledger at \(path): \(reason)"
        case let .missing(path): "no ledger at \(path) yet; it is made by the first command that records something (for example 'ftsweep data add FILE')"
        case let .sqlite(code, message, statement): "ledger error \(code): \(message) (in: \(statement))"
        case let .newerSchema(path, found, known):
            "\(path) has schema version \(found), but this ftsweep knows up to \(known); upgrade ftsweep"
        case let .olderSchema(path, found, known):
            "\(path) has schema version \(found) and this ftsweep reads \(known); 'ftsweep ledger upgrade' upgrades it in place"
        case let .badSchemaVersion(path, found, known):
            "\(path) has schema version \(found), which no ftsweep writes (1 to \(known)); another program changed it"
        case let .notALedger(path, reason): "\(path) is not an ftsweep ledger: \(reason)"
        case let .damaged(path, detail):
            "\(path) is damaged (\(detail)); 'ftsweep ledger check' reports what SQLite finds, and 'sqlite3 \(path) .recover' saves what is readable"
        case let .notFound(what, key): "no \(what) matches '\(key)'"
        case let .ambiguous(what, key, matches): "'\(key)' matches \(matches) \(what)s; give more characters"
        case let .ambiguousName(what, name, candidates):
            "'\(name)' names \(candidates.count) \(what)s (\(candidates.joined(separator: ", "))); give one of these instead"
        case let .badFilter(message): "--where: \(message)"
        case let .badSort(message): "--sort: \(message)"
        }
    }
}
