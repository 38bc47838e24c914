/// Where a sweep stands, as the ledger records it. A state a newer ftsweep wrote reads as `other`, so an
/// old binary still lists the sweep instead of failing.
public enum SweepState: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A launch is driving it (or died while it did; `sweep resume` carries on).
    case running
    /// Stopped launching: a budget, a failure breaker or an interruption; resumable.
    case halted
    /// Paused by the user; resumable.
    case paused
    /// Cancelled by the user: never resumed.
    case cancelled
    /// Every trial has an outcome.
    case finished
    case other(String)

    public init(_ text: String) {
        self = Self.known.first { $0.description == text } ?? .other(text)
    }

    /// Every state this version names (all but `other`).
    public static let known: [SweepState] = [.running, .halted, .paused, .cancelled, .finished]

    public var description: String {
        switch self {
        case .running: "running"
        case .halted: "halted"
        case .paused: "paused"
        case .cancelled: "cancelled"
        case .finished: "finished"
        case .other(let text): text
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
