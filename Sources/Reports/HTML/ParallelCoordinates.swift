import Foundation

/// One vertical axis per dimension and one polyline per item across them, coloured by one numeric
/// axis (better is darker), with one item highlighted.
public struct ParallelCoordinates: Sendable {
    /// A value on an axis; an axis holding only numbers is numeric, any other is categorical.
    public enum Value: Sendable, Hashable {
        case number(Double)
        case category(String)

        var text: String {
            switch self {
            case .number(let value): Formatting.compact(value)
            case .category(let text): text
            }
        }
    }

    public struct Line: Sendable, Equatable {
        public var id: String
        /// One value per axis, in axis order.
        public var values: [Value]
        public var highlighted: Bool

        public init(id: String, values: [Value], highlighted: Bool = false) {
            self.id = id
            self.values = values
            self.highlighted = highlighted
        }
    }

    public var axes: [String]
    public var lines: [Line]
    /// The axis whose value colours each line.
    public var colorAxis: Int
    public var lowerIsBetter: Bool
    /// Numeric axes drawn on a log scale (a parameter the spec draws log-uniformly).
    public var logAxes: Set<Int>

    static let width = 760.0, height = 380.0, top = 40.0, bottom = 300.0, side = 70.0

    public init(axes: [String], lines: [Line], colorAxis: Int, lowerIsBetter: Bool, logAxes: Set<Int> = []) {
        self.logAxes = logAxes
        self.axes = axes
        self.lines = lines
        self.colorAxis = colorAxis
        self.lowerIsBetter = lowerIsBetter
    }

    public func render() -> String {
        let layouts = axes.indices.map { axis in
            AxisLayout(lines.map { $0.values[axis] }, from: Self.bottom, to: Self.top, logarithmic: logAxes.contains(axis))
        }
        let gap = axes.count > 1 ? (Self.width - 2 * Self.side) / Double(axes.count - 1) : 0
        let xs = axes.indices.map { Self.side + Double($0) * gap }
        var parts = [SVG.open(width: Self.width, height: Self.height, label: "parallel coordinates: " + axes.joined(separator: ", "), class: "chart")]
        let colors = colorScale
        // Highlighted lines last, so they lie on top.
        for line in lines.filter({ !$0.highlighted }) + lines.filter(\.highlighted) {
            let points = axes.indices.map { "\(SVG.number(xs[$0])),\(SVG.number(layouts[$0].y(line.values[$0])))" }.joined(separator: " ")
            let tip = "run \(line.id): " + axes.indices.map { "\(axes[$0]) \(line.values[$0].text)" }.joined(separator: ", ")
            parts.append("<polyline class=\"pc-line\(line.highlighted ? " best" : "")\" data-run=\"\(HTML.escape(line.id))\" "
                + "stroke=\"\(colors(line.values[colorAxis]))\" points=\"\(points)\"><title>\(HTML.escape(tip))</title></polyline>")
        }
        for (axis, layout) in layouts.enumerated() {
            parts.append(SVG.line(xs[axis], Self.top, xs[axis], Self.bottom, class: "axis"))
            parts.append(SVG.text(axes[axis], x: xs[axis], y: Self.top - 16, anchor: "middle", class: "title"))
            for tick in layout.ticks {
                parts.append(SVG.text(tick.label, x: xs[axis] - 6, y: tick.y + 4, anchor: "end", class: "tick halo"))
            }
        }
        parts.append(legend)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Maps the colouring axis's values to the sequential palette, the better end darkest.
    private var colorScale: (Value) -> String {
        let numbers = lines.compactMap { if case .number(let value) = $0.values[colorAxis] { value } else { nil } }
        let low = numbers.min() ?? 0, high = numbers.max() ?? 1, lowerIsBetter = lowerIsBetter
        return { value in
            guard case .number(let number) = value else { return "#999999" }
            let t = high == low ? 0 : (number - low) / (high - low)
            return Palette.sequential(lowerIsBetter ? t : 1 - t)
        }
    }

    /// The colour scale under the plot: a gradient from the best value to the worst.
    private var legend: String {
        let numbers = lines.compactMap { if case .number(let value) = $0.values[colorAxis] { value } else { nil } }
        guard let low = numbers.min(), let high = numbers.max() else { return "" }
        let (best, worst) = lowerIsBetter ? (low, high) : (high, low)
        let stops = (0...8).map { "<stop offset=\"\(SVG.number(Double($0) * 12.5))%\" stop-color=\"\(Palette.sequential(Double($0) / 8))\"/>" }.joined()
        let x = Self.width / 2 - 120, y = Self.bottom + 40
        return """
            <defs><linearGradient id="pc-scale">\(stops)</linearGradient></defs>
            <g class="legend">\(SVG.text("\(axes[colorAxis]): better \(Formatting.compact(best))", x: x - 8, y: y + 10, anchor: "end"))
            <rect class="scale" x="\(SVG.number(x))" y="\(SVG.number(y))" width="240" height="12" fill="url(#pc-scale)"/>
            \(SVG.text("worse \(Formatting.compact(worst))", x: x + 248, y: y + 10))</g>
            """
    }
}

/// Where an axis puts its values: a linear scale for numbers, even slots for categories.
private enum AxisLayout {
    /// `integral`: every value is a whole number (epochs, batch sizes, seeds), so ticks are too.
    case numeric(LinearScale, integral: Bool)
    /// A linear scale over the base-10 logarithms of positive values, labelled with the values.
    case logarithmic(LinearScale)
    case categorical([String], from: Double, to: Double)

    init(_ values: [ParallelCoordinates.Value], from: Double, to: Double, logarithmic: Bool = false) {
        let numbers = values.compactMap { if case .number(let value) = $0 { value } else { nil } }
        if logarithmic, numbers.count == values.count, numbers.allSatisfy({ $0 > 0 }) {
            self = .logarithmic(LinearScale(values: numbers.map(log10), from: from, to: to, ticks: 4))
        } else if numbers.count == values.count {
            self = .numeric(LinearScale(values: numbers, from: from, to: to, ticks: 4), integral: numbers.allSatisfy { $0 == $0.rounded() })
        } else {
            // Numbers first in numeric order, then words: "1, 2, auto".
            let sorted = Set(values).sorted { a, b in
                switch (a, b) {
                case let (.number(x), .number(y)): x < y
                case (.number, .category): true
                case (.category, .number): false
                case let (.category(x), .category(y)): x < y
                }
            }
            self = .categorical(sorted.map(\.text), from: from, to: to)
        }
    }

    func y(_ value: ParallelCoordinates.Value) -> Double {
        switch self {
        case .numeric(let scale, _):
            if case .number(let number) = value { return scale(number) }
            return scale.from
        case .logarithmic(let scale):
            if case .number(let number) = value, number > 0 { return scale(log10(number)) }
            return scale.from
        case let .categorical(labels, from, to):
            let index = labels.firstIndex(of: value.text) ?? 0
            return labels.count == 1 ? (from + to) / 2 : from + Double(index) / Double(labels.count - 1) * (to - from)
        }
    }

    var ticks: [(y: Double, label: String)] {
        switch self {
        case let .numeric(scale, integral): scale.ticks.filter { !integral || $0 == $0.rounded() }.map { (scale($0), Formatting.compact($0)) }
        case .logarithmic(let scale): scale.ticks.map { (scale($0), Formatting.compact(pow(10, $0))) }
        case .categorical(let labels, _, _): labels.map { (y(.category($0)), $0) }
        }
    }
}
