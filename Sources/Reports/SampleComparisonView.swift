import Foundation
import Orchestration

/// `compare --samples` as text: each prompt, its reference, then every model's answer marked
/// `=` when it equals the reference and `≠` when not; `*` flags a prompt the models disagree on.
public struct SampleComparisonView {
    public var comparison: SampleComparison
    /// Prompts longer than this are cut, with an ellipsis.
    public var promptWidth: Int

    public init(_ comparison: SampleComparison, promptWidth: Int = 240) {
        self.comparison = comparison
        self.promptWidth = promptWidth
    }

    public func render() -> String {
        let width = comparison.models.map(\.count).max() ?? 0
        var blocks: [String] = []
        for (index, sample) in comparison.samples.enumerated() {
            var lines = ["\(sample.agree ? " " : "*") sample \(index + 1), test line \(sample.line)", "  prompt:    \(Self.oneLine(sample.prompt, promptWidth))", "  reference: \(Self.oneLine(sample.reference, promptWidth))"]
            for (model, (answer, correct)) in zip(comparison.models, zip(sample.answers, sample.correct)) {
                lines.append("  \(correct ? "=" : "≠") \(model.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.oneLine(answer, promptWidth))")
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        let tallies = comparison.models.indices.map { model in
            "\(comparison.models[model]) \(comparison.samples.count { $0.correct[model] })/\(comparison.samples.count)"
        }
        let differing = comparison.samples.count { !$0.agree }
        blocks.append("matches the reference: \(tallies.joined(separator: ", ")); the models disagree on \(differing) of \(comparison.samples.count) (*)")
        return blocks.joined(separator: "\n\n")
    }

    /// Newlines shown as ⏎ and other control characters as · so each answer stays on one line and
    /// cannot move the terminal's cursor; an empty answer says so.
    static func oneLine(_ text: String, _ width: Int) -> String {
        guard !text.isEmpty else { return "(empty)" }
        let flat = String(String.UnicodeScalarView(text.replacingOccurrences(of: "\n", with: " ⏎ ").unicodeScalars.map {
            $0.value < 0x20 || (0x7f..<0xa0).contains($0.value) ? "·" : $0
        }))
        return flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
    }
}
