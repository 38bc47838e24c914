/// The plot area of an x/y chart: its two scales, grid lines, ticks, tick labels and axis titles.
struct ChartFrame {
    static let width = 640.0
    static let height = 340.0
    static let left = 62.0, right = 16.0, top = 14.0, bottom = 50.0

    var x: LinearScale
    var y: LinearScale
    var xTitle: String
    var yTitle: String
    var xLabel: (Double) -> String

    init(xValues: [Double], yValues: [Double], xTitle: String, yTitle: String, xLabel: @escaping (Double) -> String = Formatting.compact) {
        x = LinearScale(values: xValues, from: Self.left, to: Self.width - Self.right, ticks: 6)
        y = LinearScale(values: yValues, from: Self.height - Self.bottom, to: Self.top, ticks: 5)
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xLabel = xLabel
    }

    /// Grid lines at each tick, the two axis lines, tick labels and the axis titles.
    func axes() -> String {
        var parts = ["<g class=\"axes\">"]
        for tick in y.ticks {
            parts.append(SVG.line(Self.left, y(tick), Self.width - Self.right, y(tick), class: "grid"))
            parts.append(SVG.text(Formatting.compact(tick), x: Self.left - 6, y: y(tick) + 4, anchor: "end", class: "tick"))
        }
        for tick in x.ticks {
            parts.append(SVG.line(x(tick), Self.height - Self.bottom, x(tick), Self.height - Self.bottom + 5, class: "axis"))
            parts.append(SVG.text(xLabel(tick), x: x(tick), y: Self.height - Self.bottom + 18, anchor: "middle", class: "tick"))
        }
        parts.append(SVG.line(Self.left, Self.top, Self.left, Self.height - Self.bottom, class: "axis"))
        parts.append(SVG.line(Self.left, Self.height - Self.bottom, Self.width - Self.right, Self.height - Self.bottom, class: "axis"))
        parts.append(SVG.text(xTitle, x: (Self.left + Self.width - Self.right) / 2, y: Self.height - 8, anchor: "middle", class: "title"))
        parts.append(SVG.text(yTitle, x: 16, y: (Self.top + Self.height - Self.bottom) / 2, anchor: "middle", class: "title", rotate: true))
        parts.append("</g>")
        return parts.joined(separator: "\n")
    }

    /// A boxed legend in the plot's top right corner: per row, a symbol drawn centred at (x, y) and its label.
    static func legend(_ rows: [(label: String, symbol: (Double, Double) -> String)]) -> String {
        let x = width - right - 150, y = top + 6
        let drawn = rows.enumerated().map { index, row in
            let rowY = y + 8 + Double(index) * 16
            return row.symbol(x + 14, rowY) + SVG.text(row.label, x: x + 34, y: rowY + 4)
        }
        return "<g class=\"legend\"><rect x=\"\(SVG.number(x - 8))\" y=\"\(SVG.number(y - 4))\" width=\"150\" "
            + "height=\"\(SVG.number(Double(rows.count) * 16 + 8))\" rx=\"4\"/>\n" + drawn.joined(separator: "\n") + "\n</g>"
    }
}
