import Foundation

/// The SVG fragments every chart draws: numbers, lines and labels.
enum SVG {
    /// A coordinate with one decimal: enough on a 1,000-unit canvas, and the same text on every run.
    static func number(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : (text == "-0" ? "0" : text)
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class name: String) -> String {
        "<line class=\"\(name)\" x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\"/>"
    }

    /// A label; `anchor` is SVG's `text-anchor` (start, middle, end).
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", class name: String = "label", rotate: Bool = false) -> String {
        let transform = rotate ? " transform=\"rotate(-90 \(number(x)) \(number(y)))\"" : ""
        return "<text class=\"\(name)\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(transform)>\(HTML.escape(content))</text>"
    }

    /// The opening tag of a chart that scales to its container's width (`viewBox`, no fixed size).
    static func open(width: Double, height: Double, label: String, class name: String) -> String {
        "<svg class=\"\(name)\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
    }
}
