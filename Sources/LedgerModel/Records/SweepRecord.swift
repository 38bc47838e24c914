import SweepCore

/// A sweep as the ledger keeps it: the spec's exact text and how runs are ranked.
public struct SweepRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var specText: String
    public var specDigest: String
    public var method: String
    public var metric: String
    public var goal: Goal
    public var provider: String
    public var state: SweepState
    public var createdAt: String
    /// The spec's file when launched, so a resume resolves its data paths as the launch did.
    public var specPath: String?
    /// Why the sweep is halted, paused or cancelled.
    public var stateReason: String?
    /// The `-p` overrides the launch applied to the spec's text.
    public var overrides: [String]

    public init(
        id: Int = 0, name: String, specText: String, specDigest: String, method: String, metric: String, goal: Goal, provider: String,
        state: SweepState = .running, createdAt: String = "", specPath: String? = nil, stateReason: String? = nil, overrides: [String] = []
    ) {
        self.id = id
        self.name = name
        self.specText = specText
        self.specDigest = specDigest
        self.method = method
        self.metric = metric
        self.goal = goal
        self.provider = provider
        self.state = state
        self.createdAt = createdAt
        self.specPath = specPath
        self.stateReason = stateReason
        self.overrides = overrides
    }
}
