/// One entry of an alias's history: which model it named from when, and why.
public struct AliasRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var modelID: String
    public var runID: Int?
    public var setAt: String
    public var reason: String?
    /// For a rollback, the entry it undid.
    public var rollbackOf: Int?

    public init(id: Int, name: String, modelID: String, runID: Int? = nil, setAt: String, reason: String? = nil, rollbackOf: Int? = nil) {
        self.id = id
        self.name = name
        self.modelID = modelID
        self.runID = runID
        self.setAt = setAt
        self.reason = reason
        self.rollbackOf = rollbackOf
    }
}
