import SweepCore

/// Everything `data validate` learned about one file.
public struct DatasetReport: Sendable, Codable {
    public enum Role: String, Sendable, Codable {
        case training
        case validation
    }

    public var path: String
    public var role: Role
    public var digest: DatasetDigest
    public var bytes: Int
    public var lines: Int
    public var format: ExampleFormat?
    /// Examples without errors.
    public var examples: Int
    /// The first problems, in line order (`problemLimit` of them at most).
    public var problems: [DataProblem]
    /// Every problem counted by key, including those past the limit.
    public var problemCounts: [String: Int]
    public var errors: Int
    public var warnings: Int
    public var encoding: TokenEncodingName
    /// False when no rank file could be had and tokens were estimated at four bytes each.
    public var tokenCountsAreExact: Bool
    public var tokens: TokenSummary?
    public var assistantTokens: TokenSummary?
    public var examplesOverLimit: Int
    /// The training cost, for training files.
    public var estimate: TrainingEstimate?

    public var isValid: Bool { errors == 0 }
}
