/// One dot per item on two numeric axes, each with a tooltip; hollow dots mark estimated x values.
public struct ScatterPlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var id: String
        public var x: Double
        public var y: Double
        /// The tooltip (`<title>`).
        public var label: String
        /// Drawn hollow: the x value is an estimate.
        public var estimated: Bool
        /// Drawn larger, in a second colour, and named in the legend.
        public var highlighted: Bool

        public init(id: String, x: Double, y: Double, label: String, estimated: Bool = false, highlighted: Bool = false) {
            self.id = id
            self.x = x
            self.y = y
            self.label = label
            self.estimated = estimated
            self.highlighted = highlighted
        }
    }

    public var points: [Point]
    public var xTitle: String
    public var yTitle: String
    /// Tick labels of the x axis (for example dollars).
    public var xLabel: @Sendable (Double) -> String

    public init(points: [Point], xTitle: String, yTitle: String, xLabel: @escaping @Sendable (Double) -> String = Formatting.compact) {
        self.points = points
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xLabel = xLabel
    }

    public func render() -> String {
        let frame = ChartFrame(xValues: points.map(\.x), yValues: points.map(\.y), xTitle: xTitle, yTitle: yTitle, xLabel: xLabel)
        var parts = [SVG.open(width: ChartFrame.width, height: ChartFrame.height, label: "\(yTitle) against \(xTitle)", class: "chart"), frame.axes()]
        // The highlighted dot last, so no other dot covers it.
        for point in points.filter({ !$0.highlighted }) + points.filter(\.highlighted) {
            let classes = ["dot", point.estimated ? "estimated" : nil, point.highlighted ? "best" : nil].compactMap { $0 }.joined(separator: " ")
            parts.append("<circle class=\"\(classes)\" data-run=\"\(HTML.escape(point.id))\" cx=\"\(SVG.number(frame.x(point.x)))\" "
                + "cy=\"\(SVG.number(frame.y(point.y)))\" r=\"\(point.highlighted ? 7 : 5)\"><title>\(HTML.escape(point.label))</title></circle>")
        }
        parts.append(legend)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private var legend: String {
        ChartFrame.legend([("reported cost", ""), ("estimated cost", " estimated"), ("best run", " best")].map { label, kind in
            (label, { x, y in "<circle class=\"dot\(kind)\" cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(y))\" r=\"5\"/>" })
        })
    }
}
