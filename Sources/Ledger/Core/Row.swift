/// One result row, read by column name (`row["state"]`), so a decoder does not depend on the order
/// its SELECT lists the columns in. Also a collection of its values, in that order.
struct Row: RandomAccessCollection, Equatable {
    let values: [SQLValue]
    let columns: ColumnNames

    var startIndex: Int { values.startIndex }
    var endIndex: Int { values.endIndex }
    subscript(index: Int) -> SQLValue { values[index] }

    static func == (lhs: Row, rhs: Row) -> Bool { lhs.values == rhs.values }

    /// The value of the column `name` (its name in the SELECT: the column's, or the `AS` given it).
    subscript(name: String) -> SQLValue {
        guard let index = columns.index[name] else { preconditionFailure("no column '\(name)' in \(columns.index.keys.sorted())") }
        return values[index]
    }
}

/// A statement's column names, found once and shared by its rows.
final class ColumnNames: Sendable {
    let index: [String: Int]

    init(_ names: [String]) {
        index = Dictionary(names.enumerated().map { ($1, $0) }) { first, _ in first }
    }
}
