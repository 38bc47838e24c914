import SweepCore

/// An id the provider hands out, carried as plain text on the wire and in the ledger.
public protocol StringIdentifier: Sendable, Hashable, Codable, CustomStringConvertible {
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension StringIdentifier {
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A fine-tuning job's id at its provider (`ftjob-…`).
public struct JobID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A file's id at its provider (`file-…`).
public struct RemoteFileID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A job's status; statuses this version does not know are kept, never fatal.
public enum JobStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case validatingFiles, queued, running, succeeded, failed, cancelled, paused
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "validating_files": self = .validatingFiles
        case "queued": self = .queued
        case "running": self = .running
        case "succeeded": self = .succeeded
        case "failed": self = .failed
        case "cancelled": self = .cancelled
        case "paused": self = .paused
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .validatingFiles: "validating_files"
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .paused: "paused"
        case .unknown(let value): value
        }
    }

    /// The state a run whose job has this status records (a status RunState does not know is kept as it is).
    public var runState: RunState { RunState(rawValue) }

    /// Whether the job will not change any more.
    public var isTerminal: Bool { [.succeeded, .failed, .cancelled].contains(self) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A job as ftsweep keeps it: the fields it reads of `OpenAIWire.Job`, and a stored job's shape.
public struct JobSnapshot: Sendable, Equatable, Codable {
    public var id: JobID
    public var status: JobStatus
    public var model: String
    public var fineTunedModel: String?
    public var trainedTokens: Int?
    /// The hyperparameters, `auto` until the job resolves them.
    public var hyperparameters: [String: ParamValue]
    public var resultFiles: [RemoteFileID]
    public var error: JobError?
    public var createdAt: Int
    public var finishedAt: Int?
    public var metadata: [String: String]
    public var seed: Int?

    public init(
        id: JobID, status: JobStatus, model: String, fineTunedModel: String?, trainedTokens: Int?,
        hyperparameters: [String: ParamValue], resultFiles: [RemoteFileID], error: JobError?, createdAt: Int,
        finishedAt: Int?, metadata: [String: String], seed: Int?
    ) {
        self.id = id
        self.status = status
        self.model = model
        self.fineTunedModel = fineTunedModel
        self.trainedTokens = trainedTokens
        self.hyperparameters = hyperparameters
        self.resultFiles = resultFiles
        self.error = error
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.metadata = metadata
        self.seed = seed
    }
}

/// A failed job's error object.
public struct JobError: Sendable, Equatable, Codable {
    public var code: String?
    public var message: String?
    public var param: String?

    public init(code: String?, message: String?, param: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
    }
}

/// One job event: a message, or a metrics event whose `data` holds one step's numbers (a local
/// job's `events.jsonl` line; on the wire it is `OpenAIWire.Event`).
public struct JobEvent: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Int
    public var level: String
    public var type: String
    public var message: String
    public var data: [String: Double]?

    public init(id: String, createdAt: Int, level: String, type: String, message: String, data: [String: Double]?) {
        self.id = id
        self.createdAt = createdAt
        self.level = level
        self.type = type
        self.message = message
        self.data = data
    }
}

/// A checkpoint model kept at the end of an epoch.
public struct JobCheckpoint: Sendable, Equatable, Codable {
    public var id: String
    public var step: Int
    public var model: String
    public var metrics: [String: Double]

    public init(id: String, step: Int, model: String, metrics: [String: Double]) {
        self.id = id
        self.step = step
        self.model = model
        self.metrics = metrics
    }
}

/// What `createJob` submits.
public struct JobRequest: Sendable, Equatable {
    public var model: String
    public var trainingFile: RemoteFileID
    public var validationFile: RemoteFileID?
    public var hyperparameters: [String: ParamValue]
    public var suffix: String?
    public var seed: Int
    /// Carries the trial key, so a restarted launcher finds the jobs it created.
    public var metadata: [String: String]

    public init(model: String, trainingFile: RemoteFileID, validationFile: RemoteFileID?, hyperparameters: [String: ParamValue], suffix: String?, seed: Int, metadata: [String: String]) {
        self.model = model
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.hyperparameters = hyperparameters
        self.suffix = suffix
        self.seed = seed
        self.metadata = metadata
    }
}
