/// What a sweep has spent: reported costs where jobs have reported `trained_tokens`, estimates elsewhere.
public struct SweepSpend: Sendable, Equatable, Codable {
    /// Jobs created for the sweep, every attempt counted.
    public var jobs: Int
    /// Cost of runs whose jobs reported their trained tokens.
    public var reportedCostNanos: Int64
    /// Estimated cost of runs with a job that has not reported yet.
    public var estimatedCostNanos: Int64
    /// Trained tokens as reported, plus the estimate for runs that have not reported.
    public var tokens: Int

    public init(jobs: Int = 0, reportedCostNanos: Int64 = 0, estimatedCostNanos: Int64 = 0, tokens: Int = 0) {
        self.jobs = jobs
        self.reportedCostNanos = reportedCostNanos
        self.estimatedCostNanos = estimatedCostNanos
        self.tokens = tokens
    }

    /// The cost a budget is held to: reported where known, estimated where not.
    public var costNanos: Int64 { reportedCostNanos + estimatedCostNanos }
}
