import SweepCore

/// One trial's run: its settings, its job, its state and the summary columns ranking reads.
public struct RunRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var sweepID: Int?
    public var sweepName: String?
    public var trialKey: String
    public var attempt: Int
    public var model: String
    public var nEpochs: Int?
    public var batchSize: Int?
    public var learningRateMultiplier: Double?
    public var seed: Int?
    /// Hyperparameters beyond the columns above (`lora_r`, `scheduler`, …), in the sweep's order.
    public var parameters: ParameterValues
    /// Nil for a run imported without its training file (`ingest --new-run` with no `training=`).
    public var trainingDigest: String?
    public var validationDigest: String?
    public var provider: String
    public var jobID: String?
    public var state: RunState
    public var fineTunedModel: String?
    public var trainedTokens: Int?
    public var errorCode: String?
    public var errorMessage: String?
    public var requestJSON: String
    public var resolvedJSON: String?
    public var createdAt: String
    public var finishedAt: String?
    public var steps: Int?
    public var finalTrainLoss: Double?
    public var minValidLoss: Double?
    public var finalValidLoss: Double?
    public var fullValidLoss: Double?
    public var fullValidAccuracy: Double?
    public var classificationAccuracy: Double?
    public var classificationPrecision: Double?
    public var classificationRecall: Double?
    public var classificationAUROC: Double?
    public var classificationAUPRC: Double?
    public var classificationF1: Double?
    /// Figures of the run's model on its own validation file (its stored evaluation there).
    public var validExactMatch: Double?
    public var validMacroF1: Double?
    public var estimatedCostNanos: Int?
    /// Billed tokens the plan expected.
    public var estimatedTokens: Int?
    /// What the run cost, from the `trained_tokens` its job reported.
    public var costNanos: Int?

    public init(
        sweepID: Int?, trialKey: String, model: String, nEpochs: Int?, batchSize: Int?, learningRateMultiplier: Double?,
        seed: Int?, trainingDigest: String?, validationDigest: String?, provider: String, requestJSON: String, estimatedCostNanos: Int?,
        estimatedTokens: Int? = nil, parameters: ParameterValues = ParameterValues()
    ) {
        self.parameters = parameters
        self.id = 0
        self.sweepID = sweepID
        self.trialKey = trialKey
        self.attempt = 1
        self.model = model
        self.nEpochs = nEpochs
        self.batchSize = batchSize
        self.learningRateMultiplier = learningRateMultiplier
        self.seed = seed
        self.trainingDigest = trainingDigest
        self.validationDigest = validationDigest
        self.provider = provider
        self.state = .pending
        self.requestJSON = requestJSON
        self.createdAt = ""
        self.estimatedCostNanos = estimatedCostNanos
        self.estimatedTokens = estimatedTokens
    }

    /// True once the run has an outcome: succeeded, failed, cancelled or stopped early.
    public var hasEnded: Bool { finishedAt != nil || state.hasEnded }

    /// The value of a ranking metric's summary column, by its name or alias; nil for any other name.
    public func metric(_ name: String) -> Double? { Metric(named: name).flatMap { self[$0] } }

    /// A catalogue metric's summary column.
    public subscript(metric: Metric) -> Double? {
        get { self[keyPath: Self.field(metric)] }
        set { self[keyPath: Self.field(metric)] = newValue }
    }

    private static func field(_ metric: Metric) -> WritableKeyPath<RunRecord, Double?> {
        switch metric {
        case .finalTrainLoss: \.finalTrainLoss
        case .finalValidLoss: \.finalValidLoss
        case .minValidLoss: \.minValidLoss
        case .fullValidLoss: \.fullValidLoss
        case .fullValidAccuracy: \.fullValidAccuracy
        case .classificationAccuracy: \.classificationAccuracy
        case .classificationPrecision: \.classificationPrecision
        case .classificationRecall: \.classificationRecall
        case .classificationAUROC: \.classificationAUROC
        case .classificationAUPRC: \.classificationAUPRC
        case .classificationF1: \.classificationF1
        case .validExactMatch: \.validExactMatch
        case .validMacroF1: \.validMacroF1
        }
    }
}

/// One step's metrics, as result files and metrics events carry them.
public struct MetricRow: Sendable, Equatable, Codable {
    public var step: Int
    public var trainLoss: Double?
    public var trainAccuracy: Double?
    public var validLoss: Double?
    public var validAccuracy: Double?
    public var fullValidLoss: Double?
    public var fullValidAccuracy: Double?
    public var classificationAccuracy: Double?
    public var classificationPrecision: Double?
    public var classificationRecall: Double?
    public var classificationAUROC: Double?
    public var classificationAUPRC: Double?
    public var classificationF1: Double?

    public init(step: Int, trainLoss: Double? = nil, trainAccuracy: Double? = nil, validLoss: Double? = nil, validAccuracy: Double? = nil, fullValidLoss: Double? = nil, fullValidAccuracy: Double? = nil) {
        self.step = step
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.fullValidLoss = fullValidLoss
        self.fullValidAccuracy = fullValidAccuracy
    }

    /// A series' value at this step. Read with a switch, not a key path: ingest reads every series of
    /// every row in its inner loop.
    public subscript(series: MetricSeries) -> Double? {
        get {
            switch series {
            case .trainLoss: trainLoss
            case .trainAccuracy: trainAccuracy
            case .validLoss: validLoss
            case .validAccuracy: validAccuracy
            case .fullValidLoss: fullValidLoss
            case .fullValidAccuracy: fullValidAccuracy
            case .classificationAccuracy: classificationAccuracy
            case .classificationPrecision: classificationPrecision
            case .classificationRecall: classificationRecall
            case .classificationAUROC: classificationAUROC
            case .classificationAUPRC: classificationAUPRC
            case .classificationF1: classificationF1
            }
        }
        set {
            switch series {
            case .trainLoss: trainLoss = newValue
            case .trainAccuracy: trainAccuracy = newValue
            case .validLoss: validLoss = newValue
            case .validAccuracy: validAccuracy = newValue
            case .fullValidLoss: fullValidLoss = newValue
            case .fullValidAccuracy: fullValidAccuracy = newValue
            case .classificationAccuracy: classificationAccuracy = newValue
            case .classificationPrecision: classificationPrecision = newValue
            case .classificationRecall: classificationRecall = newValue
            case .classificationAUROC: classificationAUROC = newValue
            case .classificationAUPRC: classificationAUPRC = newValue
            case .classificationF1: classificationF1 = newValue
            }
        }
    }
}

/// How a run ended, for `finishRun`.
public struct RunOutcome: Sendable, Equatable {
    public var state: RunState
    public var fineTunedModel: String?
    public var trainedTokens: Int?
    public var errorCode: String?
    public var errorMessage: String?
    public var resolvedJSON: String?

    public init(state: RunState, fineTunedModel: String? = nil, trainedTokens: Int? = nil, errorCode: String? = nil, errorMessage: String? = nil, resolvedJSON: String? = nil) {
        self.state = state
        self.fineTunedModel = fineTunedModel
        self.trainedTokens = trainedTokens
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.resolvedJSON = resolvedJSON
    }
}

extension RunRecord {
    /// A run of a trial's values: the API's three in their columns, every other hyperparameter in `parameters`.
    public init(
        sweepID: Int?, trialKey: String, model: String, hyperparameters: ParameterValues, seed: Int?, trainingDigest: String?,
        validationDigest: String?, provider: String, requestJSON: String, estimatedCostNanos: Int?, estimatedTokens: Int? = nil
    ) {
        self.init(
            sweepID: sweepID, trialKey: trialKey, model: model, nEpochs: hyperparameters[.nEpochs]?.int,
            batchSize: hyperparameters[.batchSize]?.int, learningRateMultiplier: hyperparameters[.learningRateMultiplier]?.double,
            seed: seed, trainingDigest: trainingDigest, validationDigest: validationDigest, provider: provider, requestJSON: requestJSON,
            estimatedCostNanos: estimatedCostNanos, estimatedTokens: estimatedTokens,
            parameters: hyperparameters.removing(ParameterName.apiHyperparameters))
    }
}
