import SweepCore

/// The local knobs of one job, resolved: a knob absent or `auto` is nil here and trains exactly as
/// the trainer did before the knob existed.
public struct LocalSettings: Sendable, Equatable {
    public var weightDecay: Double?
    public var dropout: Double?
    public var hiddenWidth: Int?
    public var initScale: Double?
    public var promptNorm: Double?
    public var wordPairs: Bool?
    public var wordCounts: Bool?
    public var idf: Bool?

    public init(
        weightDecay: Double? = nil, dropout: Double? = nil, hiddenWidth: Int? = nil, initScale: Double? = nil,
        promptNorm: Double? = nil, wordPairs: Bool? = nil, wordCounts: Bool? = nil, idf: Bool? = nil
    ) {
        self.weightDecay = weightDecay
        self.dropout = dropout
        self.hiddenWidth = hiddenWidth
        self.initScale = initScale
        self.promptNorm = promptNorm
        self.wordPairs = wordPairs
        self.wordCounts = wordCounts
        self.idf = idf
    }

    /// Reads and checks the local knobs of a job's hyperparameters; other names are not looked at.
    public init(_ hyperparameters: [String: ParamValue]) throws(LocalHyperparameterError) {
        weightDecay = try LocalHyperparameter.weightDecay.value(in: hyperparameters)
        dropout = try LocalHyperparameter.dropout.value(in: hyperparameters)
        hiddenWidth = try LocalHyperparameter.hiddenWidth.value(in: hyperparameters).map { Int($0) }
        initScale = try LocalHyperparameter.initScale.value(in: hyperparameters)
        promptNorm = try LocalHyperparameter.promptNorm.value(in: hyperparameters)
        wordPairs = try LocalHyperparameter.wordPairs.value(in: hyperparameters).map { $0 == 1 }
        wordCounts = try LocalHyperparameter.wordCounts.value(in: hyperparameters).map { $0 == 1 }
        idf = try LocalHyperparameter.idf.value(in: hyperparameters).map { $0 == 1 }
    }

    /// Whether a knob that shapes a fresh model (width, init scale, prompt norm, word pairs or counts, idf) is set.
    public var shapesTheModel: Bool {
        hiddenWidth != nil || initScale != nil || promptNorm != nil || wordPairs != nil || wordCounts != nil || idf != nil
    }

    /// A base model as these knobs shape it, before any document frequencies are counted; the knobs
    /// not set keep the base model's own.
    public func shape(of base: LocalBaseModel) -> LocalBaseModel {
        var shape = base
        shape.hiddenSize = hiddenWidth ?? base.hiddenSize
        shape.promptNorm = promptNorm ?? base.promptNorm
        shape.wordPairs = wordPairs ?? base.wordPairs
        shape.wordCounts = wordCounts ?? base.wordCounts
        return shape
    }

    /// A fresh model of a base model, shaped by these knobs; with `idf` its document frequencies are
    /// counted over `trainingFile` (which `idf` needs).
    public func fresh(_ base: LocalBaseModel, seed: UInt64, trainingFile: String? = nil) throws -> LocalModel {
        var shape = shape(of: base)
        if idf == true {
            guard let trainingFile else { throw TrainerError.idfWithoutTrainingFile }
            shape.documentFrequencies = try DocumentFrequencies.counting(trainingFile, shape: shape)
        }
        return .fresh(shape, seed: seed, initScale: initScale)
    }

    /// The knobs a job named, resolved as the job reports them once it starts (`auto` becomes the
    /// value used); knobs it did not name are left out, so a job that names none reports as before.
    public func resolved(named hyperparameters: [String: ParamValue], model: LocalBaseModel) -> [String: ParamValue] {
        let values: [(LocalHyperparameter, ParamValue)] = [
            (.weightDecay, .number(weightDecay ?? 0)), (.dropout, .number(dropout ?? 0)), (.hiddenWidth, .int(model.hiddenSize)),
            (.initScale, .number(initScale ?? Network.initScale)), (.promptNorm, .number(model.promptNorm ?? 0)),
            (.wordPairs, .int(model.wordPairs ?? true ? 1 : 0)), (.wordCounts, .int(model.wordCounts ?? false ? 1 : 0)),
            (.idf, .int(model.documentFrequencies == nil ? 0 : 1)),
        ]
        var resolved: [String: ParamValue] = [:]
        for (parameter, value) in values where hyperparameters[parameter.name] != nil { resolved[parameter.name] = value.normalized }
        return resolved
    }
}
