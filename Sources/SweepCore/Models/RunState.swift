/// Where a run stands, as the ledger records it. A state a newer ftsweep wrote reads as `other`, so an
/// old binary still lists it instead of failing.
public enum RunState: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The intent is recorded; no job yet.
    case pending
    case validatingFiles
    case queued
    case running
    case succeeded
    case failed
    /// Cancelled by the user (or a sweep cancel).
    case cancelled
    /// Cancelled by an early-stopping rule because it was losing: complete, but not trained to its end.
    case stopped
    case other(String)

    public init(_ text: String) {
        self = Self.named[text] ?? .other(text)
    }

    /// Every state this version names (all but `other`).
    public static let known: [RunState] = [.pending, .validatingFiles, .queued, .running, .succeeded, .failed, .cancelled, .stopped]

    private static let named = Dictionary(uniqueKeysWithValues: known.map { ($0.description, $0) })

    public var description: String {
        switch self {
        case .pending: "pending"
        case .validatingFiles: "validating_files"
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .stopped: "stopped"
        case .other(let text): text
        }
    }

    /// True once the run has an outcome.
    public var hasEnded: Bool { Self.ended.contains(self) }

    /// The states in which a run has an outcome, for queries.
    public static let ended: [RunState] = [.succeeded, .failed, .cancelled, .stopped]

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
