/// A dataset as the ledger knows it: identified by the SHA-256 of its bytes, seen at one or more paths.
public struct DatasetRecord: Sendable, Equatable, Codable {
    public var digest: String
    public var name: String?
    public var bytes: Int
    public var examples: Int
    public var tokens: Int
    public var assistantTokens: Int
    public var encoding: String
    public var tokensExact: Bool
    public var format: String
    public var createdAt: String
    public var paths: [DatasetPathRecord]

    public init(
        digest: String, name: String?, bytes: Int, examples: Int, tokens: Int, assistantTokens: Int,
        encoding: String, tokensExact: Bool, format: String, createdAt: String = "", paths: [DatasetPathRecord] = []
    ) {
        self.digest = digest
        self.name = name
        self.bytes = bytes
        self.examples = examples
        self.tokens = tokens
        self.assistantTokens = assistantTokens
        self.encoding = encoding
        self.tokensExact = tokensExact
        self.format = format
        self.createdAt = createdAt
        self.paths = paths
    }
}

/// A place a dataset's bytes were seen.
public struct DatasetPathRecord: Sendable, Equatable, Codable {
    public var path: String
    public var firstSeenAt: String
    public var lastSeenAt: String

    public init(path: String, firstSeenAt: String, lastSeenAt: String) {
        self.path = path
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
    }
}

/// What `registerDataset` did.
public enum DatasetRegistration: String, Sendable, Codable {
    /// New bytes: a new dataset.
    case added
    /// Known bytes at a new path: the path was added.
    case pathAdded = "path_added"
    /// Known bytes at a known path.
    case unchanged
}
