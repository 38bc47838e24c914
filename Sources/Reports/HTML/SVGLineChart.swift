import Ledger

/// Curves over a shared x axis, one `<path class="curve">` per series and a dot at its end, each
/// tagged with its run (and the path with its series) so the page's script can show and hide a run.
public struct SVGLineChart: Sendable {
    public struct Series: Sendable, Equatable {
        /// The run the curve belongs to (`data-run`).
        public var run: String
        /// `train` or `valid` (`data-series`); the page's style dashes `valid` curves.
        public var name: String
        public var color: String
        public var points: [ChartPoint]

        public init(run: String, name: String, color: String, points: [ChartPoint]) {
            self.run = run
            self.name = name
            self.color = color
            self.points = points
        }
    }

    public var series: [Series]
    public var xTitle: String
    public var yTitle: String
    /// The most points drawn per series: 100 runs of 10,000 steps stay a small file.
    public var pointLimit: Int

    public init(series: [Series], xTitle: String, yTitle: String, pointLimit: Int = 400) {
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.pointLimit = pointLimit
    }

    public func render() -> String {
        let drawn = series.map { ($0, ChartPoint.downsample($0.points.filter { $0.x.isFinite && $0.y.isFinite && abs($0.y) < Ledger.divergenceThreshold }, limit: pointLimit)) }
        let all = drawn.flatMap(\.1)
        let frame = ChartFrame(xValues: all.map(\.x), yValues: all.map(\.y), xTitle: xTitle, yTitle: yTitle)
        var parts = [SVG.open(width: ChartFrame.width, height: ChartFrame.height, label: "\(yTitle) against \(xTitle)", class: "chart"), frame.axes()]
        for (series, points) in drawn where !points.isEmpty {
            let path = points.enumerated().map { index, point in
                "\(index == 0 ? "M" : "L")\(SVG.number(frame.x(point.x))) \(SVG.number(frame.y(point.y)))"
            }.joined()
            parts.append("<path class=\"curve\" data-run=\"\(HTML.escape(series.run))\" data-series=\"\(HTML.escape(series.name))\" "
                + "stroke=\"\(series.color)\" d=\"\(path)\"><title>run \(HTML.escape(series.run)) \(HTML.escape(series.name))</title></path>")
            // A dot where the curve ends: a run that stopped early stays visible where a longer run retraces it.
            let last = points[points.count - 1]
            parts.append("<circle class=\"curve-end\" data-run=\"\(HTML.escape(series.run))\" fill=\"\(series.color)\" "
                + "cx=\"\(SVG.number(frame.x(last.x)))\" cy=\"\(SVG.number(frame.y(last.y)))\" r=\"3\"/>")
        }
        parts.append(legend)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// What the two line styles mean; the run colours are in the page's checkbox list.
    private var legend: String {
        ChartFrame.legend([
            ("train loss", { x, y in SVG.line(x - 14, y, x + 14, y, class: "key") }),
            ("validation loss", { x, y in SVG.line(x - 14, y, x + 14, y, class: "key dashed") }),
        ])
    }
}
