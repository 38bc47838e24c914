import SweepCore

extension OpenAIWire {
    /// A fine-tuning job.
    public struct Job: Codable, Sendable, Equatable {
        public var id: String
        public var object = "fine_tuning.job"
        public var createdAt: Int
        @Null public var finishedAt: Int?
        public var model: String
        @Null public var fineTunedModel: String?
        public var organizationId = "org-local"
        public var status: JobStatus
        public var hyperparameters: [String: ParamValue]
        /// nil only when decoded from an endpoint whose method ftsweep does not read (DPO, say).
        public var method: Method?
        public var trainingFile: String
        @Null public var validationFile: String?
        public var resultFiles: [String]
        @Null public var trainedTokens: Int?
        @Null public var error: ErrorObject?
        public var seed: Int?
        @Null public var estimatedFinish: Int?
        @Null public var integrations: [String]?
        @Null public var metadata: [String: String]?
        @Null public var userProvidedSuffix: String?

        public struct Method: Codable, Sendable, Equatable {
            public var type = "supervised"
            public var supervised: Supervised?
            public struct Supervised: Codable, Sendable, Equatable { public var hyperparameters: [String: ParamValue]? }
        }
    }

    /// A failed job's error.
    public struct ErrorObject: Codable, Sendable, Equatable {
        @Null public var code: String?
        @Null public var message: String?
        @Null public var param: String?
    }
}

extension OpenAIWire.Job {
    /// The job as OpenAI shows it, with what the snapshot does not hold: its files and suffix.
    public init(_ job: JobSnapshot, trainingFile: String, validationFile: String?, suffix: String?) {
        self.init(
            id: job.id.rawValue, createdAt: job.createdAt, finishedAt: job.finishedAt, model: job.model,
            fineTunedModel: job.fineTunedModel, status: job.status, hyperparameters: job.hyperparameters,
            method: Method(supervised: .init(hyperparameters: job.hyperparameters)), trainingFile: trainingFile,
            validationFile: validationFile, resultFiles: job.resultFiles.map(\.rawValue), trainedTokens: job.trainedTokens,
            error: job.error.map { OpenAIWire.ErrorObject(code: $0.code, message: $0.message, param: $0.param) },
            seed: job.seed ?? 0, metadata: job.metadata.isEmpty ? nil : job.metadata, userProvidedSuffix: suffix)
    }

    /// Only `id` and `status` are required; a status this version does not know is kept. Fields
    /// ftsweep never reads decode as absent when their shape differs (OpenAI's integrations are objects).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(.object, or: object)
        createdAt = try container.decode(.createdAt, or: 0)
        finishedAt = try container.decodeIfPresent(Int.self, forKey: .finishedAt)
        model = try container.decode(.model, or: "")
        fineTunedModel = try container.decodeIfPresent(String.self, forKey: .fineTunedModel)
        organizationId = try container.decode(.organizationId, or: "")
        status = try container.decode(JobStatus.self, forKey: .status)
        hyperparameters = container.lenient([String: ParamValue].self, .hyperparameters) ?? [:]
        method = container.lenient(Method.self, .method)
        trainingFile = try container.decode(.trainingFile, or: "")
        validationFile = try container.decodeIfPresent(String.self, forKey: .validationFile)
        resultFiles = try container.decode(.resultFiles, or: [])
        trainedTokens = try container.decodeIfPresent(Int.self, forKey: .trainedTokens)
        error = container.lenient(OpenAIWire.ErrorObject.self, .error)
        seed = try container.decodeIfPresent(Int.self, forKey: .seed)
        estimatedFinish = container.lenient(Int.self, .estimatedFinish)
        integrations = container.lenient([String].self, .integrations)
        metadata = container.lenient([String: String].self, .metadata)
        userProvidedSuffix = container.lenient(String.self, .userProvidedSuffix)
    }
}

extension JobSnapshot {
    /// What ftsweep keeps of a job; an error object without code or message is no error.
    public init(_ job: OpenAIWire.Job) {
        self.init(
            id: JobID(job.id), status: job.status, model: job.model, fineTunedModel: job.fineTunedModel,
            trainedTokens: job.trainedTokens, hyperparameters: job.hyperparameters,
            resultFiles: job.resultFiles.map(RemoteFileID.init),
            error: job.error.flatMap { $0.code == nil && $0.message == nil ? nil : JobError(code: $0.code, message: $0.message, param: $0.param) },
            createdAt: job.createdAt, finishedAt: job.finishedAt, metadata: job.metadata ?? [:], seed: job.seed)
    }
}

extension OpenAIWire {
    /// The body of cancel, pause and resume: `{}`.
    public struct Empty: Codable, Sendable, Equatable {
        public init() {}
    }
}
