/// A table of text cells, escaped here, inside a box that scrolls sideways on a narrow screen.
struct HTMLTable {
    struct Column {
        var title: String
        var style: Style = .text

        enum Style: String {
            case text = ""
            /// Right-aligned figures.
            case number = "num"
            /// Identifiers and digests, in a monospaced font.
            case code = "code"
        }
    }

    var columns: [Column]
    /// Each row's cells in column order, and whether to mark it (the best run).
    var rows: [(cells: [String], marked: Bool)] = []

    mutating func add(_ cells: [String], marked: Bool = false) {
        rows.append((cells, marked))
    }

    func render() -> String {
        func attribute(_ style: Column.Style) -> String { style == .text ? "" : " class=\"\(style.rawValue)\"" }
        let head = columns.map { "<th\(attribute($0.style == .number ? .number : .text))>\(HTML.escape($0.title))</th>" }.joined()
        let body = rows.map { row in
            let cells = zip(columns, row.cells).map { column, cell in "<td\(attribute(column.style))>\(HTML.escape(cell))</td>" }.joined()
            return "<tr\(row.marked ? " class=\"best\"" : "")>\(cells)</tr>"
        }.joined(separator: "\n")
        return "<div class=\"scroll\"><table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table></div>"
    }
}
