import Orchestration
import SweepCore

extension EarlyStopSavings {
    /// "4 runs stopped, 12,300 planned tokens ($0.10) never trained".
    public var summary: String {
        "\(stoppedRuns.counted("run")) stopped, \(Formatting.grouped(savedTokens)) planned tokens (\(savedUSD)) never trained"
    }

    /// The summary as a line of a terminal's output.
    public var line: String { "early stopping: \(summary)" }
}
