import Orchestration

/// The one line an export or import shows on a terminal while it streams.
public enum BundleProgressView {
    public static func render(_ progress: RunBundle.Progress, verb: String) -> String {
        var parts: [String] = []
        if let bytes = progress.bytes, let total = progress.totalBytes, total > 0 {
            parts.append("\(bytes * 100 / total)% of \(Formatting.bytes(total))")
        }
        parts.append(progress.totalRuns.map { "\(progress.runs)/\($0) runs" } ?? "\(progress.runs) runs")
        parts.append("\(progress.metricRows) metric rows")
        return "\(verb): " + parts.joined(separator: ", ")
    }
}
