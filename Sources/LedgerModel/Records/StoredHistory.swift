/// A checkpoint as a candidate for `best`: its model and the metrics stored with it.
public struct CheckpointCandidate: Sendable, Equatable, Codable {
    public var runID: Int
    public var step: Int
    public var modelID: String
    public var metrics: [String: Double]

    public init(runID: Int, step: Int, modelID: String, metrics: [String: Double]) {
        self.runID = runID
        self.step = step
        self.modelID = modelID
        self.metrics = metrics
    }
}

/// An event as stored, for bundles.
public struct StoredEvent: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Int
    public var level: String
    public var type: String
    public var message: String
    public var dataJSON: String?

    public init(id: String, createdAt: Int, level: String, type: String, message: String, dataJSON: String? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.level = level
        self.type = type
        self.message = message
        self.dataJSON = dataJSON
    }
}

/// A checkpoint as stored, for bundles.
public struct StoredCheckpoint: Sendable, Equatable, Codable {
    public var step: Int
    public var modelID: String
    public var metricsJSON: String?

    public init(step: Int, modelID: String, metricsJSON: String? = nil) {
        self.step = step
        self.modelID = modelID
        self.metricsJSON = metricsJSON
    }
}
