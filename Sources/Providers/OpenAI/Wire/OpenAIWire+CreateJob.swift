import SweepCore

extension OpenAIWire {
    /// A job-creation body; hyperparameters come at the top level (legacy) or under `method`.
    public struct CreateJob: Codable, Sendable, Equatable {
        public var model: String
        public var trainingFile: String
        public var validationFile: String?
        public var hyperparameters: [String: ParamValue]?
        public var method: Method?
        public var suffix: String?
        public var seed: Int?
        public var metadata: [String: String]?

        public struct Method: Codable, Sendable, Equatable {
            public var type: String
            public var supervised: Supervised?
            public struct Supervised: Codable, Sendable, Equatable { public var hyperparameters: [String: ParamValue]? }
        }
    }
}

extension OpenAIWire.CreateJob {
    /// A supervised job with its hyperparameters under `method`, as the current API takes them.
    public init(_ request: JobRequest) {
        self.init(
            model: request.model, trainingFile: request.trainingFile.rawValue, validationFile: request.validationFile?.rawValue,
            method: Method(type: "supervised", supervised: .init(hyperparameters: request.hyperparameters)),
            suffix: request.suffix, seed: request.seed, metadata: request.metadata)
    }
}
