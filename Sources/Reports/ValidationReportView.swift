import Datasets
import SweepCore

/// `data validate` as text: each problem as `path:line: key: message`, then a summary per file.
public struct ValidationReportView {
    public var reports: [DatasetReport]

    public init(_ reports: [DatasetReport]) { self.reports = reports }

    /// The problem lines, for standard error or output.
    public func problemLines() -> [String] {
        reports.flatMap { report in
            var lines = report.problems.map { $0.formatted(path: report.path) }
            let hidden = report.errors + report.warnings - report.problems.count
            if hidden > 0 { lines.append("\(report.path): … \(Formatting.grouped(hidden)) more problems not listed (counted below)") }
            return lines
        }
    }

    public func summary() -> String {
        reports.map(summary(of:)).joined(separator: "\n\n")
    }

    private func summary(of report: DatasetReport) -> String {
        let verdict = report.isValid ? "valid" : "INVALID"
        let format = report.format?.rawValue ?? "unknown format"
        var lines = [
            "\(report.path): \(verdict) — \(report.role.rawValue) data, \(format), "
                + "\(Formatting.grouped(report.examples)) examples, \(plural(report.errors, "error")), \(plural(report.warnings, "warning"))",
            "  digest              \(report.digest.rawValue)",
            "  size                \(Formatting.bytes(report.bytes)), \(plural(report.lines, "line"))",
        ]
        if !report.problemCounts.isEmpty {
            let counts = report.problemCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .map { "\($0.key) \(Formatting.grouped($0.value))" }.joined(separator: ", ")
            lines.append("  problems            \(counts)")
        }
        let exactness = report.tokenCountsAreExact ? "exact" : "ESTIMATED: no rank file, 4 bytes a token"
        if let tokens = report.tokens {
            lines.append("  tokens per example  min \(tokens.min), max \(tokens.max), mean \(Formatting.fixed(tokens.mean, 1)), "
                + "median \(Formatting.fixed(tokens.median, 1)), p10 \(Formatting.fixed(tokens.p10, 1)), p90 \(Formatting.fixed(tokens.p90, 1)) "
                + "(\(report.encoding.rawValue), \(exactness))")
            lines.append("  tokens in total     \(Formatting.grouped(tokens.total))")
        }
        if let assistant = report.assistantTokens {
            lines.append("  assistant tokens    \(Formatting.grouped(assistant.total)) in total, mean \(Formatting.fixed(assistant.mean, 1)) per example")
        }
        if let estimate = report.estimate {
            lines.append("  over the limit      \(Formatting.grouped(report.examplesOverLimit)) examples over \(Formatting.grouped(estimate.tokenLimit)) tokens")
            let epochs = "\(estimate.epochs) epoch\(estimate.epochs == 1 ? "" : "s")\(estimate.epochsAreAuto ? " (auto)" : "")"
            lines.append("  billed tokens       \(epochs) × \(Formatting.grouped(estimate.tokensPerEpoch)) = \(Formatting.grouped(estimate.billedTokens))")
            lines.append("  estimated cost      \(estimate.cost) on \(estimate.model) (prices of \(estimate.pricesAsOf))")
        }
        return lines.joined(separator: "\n")
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(Formatting.grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }
}
