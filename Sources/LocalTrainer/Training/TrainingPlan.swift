import SweepCore

/// The hyperparameters of a run with every `auto` resolved, as the API reports them once a job starts.
public struct ResolvedHyperparameters: Sendable, Equatable, Codable {
    public var nEpochs: Int
    public var batchSize: Int
    public var learningRateMultiplier: Double

    /// Resolves `auto` like OpenAI: epochs by the cookbook's rule; batch size about 0.2% of the
    /// examples (1 to 256), as the legacy API documented; learning-rate multiplier 1.
    public init(nEpochs: ParamValue, batchSize: ParamValue, learningRateMultiplier: ParamValue, examples: Int) {
        self.nEpochs = nEpochs.int ?? Self.autoEpochs(examples: examples)
        self.batchSize = batchSize.int ?? max(1, min(256, Int((Double(examples) * 0.002).rounded())))
        self.learningRateMultiplier = learningRateMultiplier.double ?? 1
    }

    /// The cookbook's default epochs: 3, raised for small files and lowered for large ones.
    public static func autoEpochs(examples: Int) -> Int {
        guard examples > 0 else { return 3 }
        if examples * 3 < 100 { return min(25, 100 / examples) }
        if examples * 3 > 25_000 { return max(1, 25_000 / examples) }
        return 3
    }

    /// Steps as the API counts them: ⌈examples / batch size⌉ per epoch.
    public func totalSteps(examples: Int) -> Int { stepsPerEpoch(examples: examples) * nEpochs }

    public func stepsPerEpoch(examples: Int) -> Int { (examples + batchSize - 1) / batchSize }
}

/// What one optimizer step reported, in the API's metric names.
public struct StepMetrics: Sendable, Equatable, Codable {
    public var step: Int
    public var totalSteps: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validLoss: Double?
    public var validAccuracy: Double?
    public var fullValidLoss: Double?
    public var fullValidAccuracy: Double?

    public init(step: Int, totalSteps: Int, trainLoss: Double, trainAccuracy: Double, validLoss: Double? = nil,
                validAccuracy: Double? = nil, fullValidLoss: Double? = nil, fullValidAccuracy: Double? = nil) {
        self.step = step
        self.totalSteps = totalSteps
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.fullValidLoss = fullValidLoss
        self.fullValidAccuracy = fullValidAccuracy
    }
}
