extension OpenAIWire {
    /// One job event: a message, or a metrics event whose `data` holds one step's numbers.
    public struct Event: Codable, Sendable, Equatable {
        public var id: String
        public var object = "fine_tuning.job.event"
        public var createdAt: Int
        public var level: String
        public var message: String
        public var type: String
        public var data: [String: Double]?
    }

    /// A checkpoint model kept at the end of an epoch.
    public struct Checkpoint: Codable, Sendable, Equatable {
        public var id: String
        public var object = "fine_tuning.job.checkpoint"
        public var createdAt: Int
        public var fineTunedModelCheckpoint: String
        public var fineTuningJobId: String
        public var stepNumber: Int
        public var metrics: [String: Double]
    }
}

extension OpenAIWire.Event {
    public init(_ event: JobEvent) {
        self.init(
            id: event.id, createdAt: event.createdAt, level: event.level, message: event.message, type: event.type,
            data: event.data)
    }

    /// Only the id is required: `type` is optional on the wire, and message events carry `{}` or null data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(.object, or: object)
        createdAt = try container.decode(.createdAt, or: 0)
        level = try container.decode(.level, or: "info")
        message = try container.decode(.message, or: "")
        type = try container.decode(.type, or: "message")
        data = container.lenient([String: Double].self, .data)
    }
}

extension JobEvent {
    /// Empty `data` is no data.
    public init(_ event: OpenAIWire.Event) {
        self.init(
            id: event.id, createdAt: event.createdAt, level: event.level, type: event.type, message: event.message,
            data: event.data?.isEmpty == false ? event.data : nil)
    }
}

extension OpenAIWire.Checkpoint {
    /// A job's checkpoint; the server keeps no creation time for it.
    public init(_ checkpoint: JobCheckpoint, job: String) {
        self.init(
            id: checkpoint.id, createdAt: 0, fineTunedModelCheckpoint: checkpoint.model, fineTuningJobId: job,
            stepNumber: checkpoint.step, metrics: checkpoint.metrics)
    }

    /// The id, step and model are required; missing or null metrics are none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(.object, or: object)
        createdAt = try container.decode(.createdAt, or: 0)
        fineTunedModelCheckpoint = try container.decode(String.self, forKey: .fineTunedModelCheckpoint)
        fineTuningJobId = try container.decode(.fineTuningJobId, or: "")
        stepNumber = try container.decode(Int.self, forKey: .stepNumber)
        metrics = try container.decode(.metrics, or: [:])
    }
}

extension JobCheckpoint {
    public init(_ checkpoint: OpenAIWire.Checkpoint) {
        self.init(id: checkpoint.id, step: checkpoint.stepNumber, model: checkpoint.fineTunedModelCheckpoint, metrics: checkpoint.metrics)
    }
}
