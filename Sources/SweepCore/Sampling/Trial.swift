/// One point of a sweep: a base model and its hyperparameters, with its key.
public struct Trial: Sendable, Equatable, Codable {
    /// The trial's position in the sweep's proposal order.
    public var index: Int
    public var model: String
    public var nEpochs: ParamValue
    public var batchSize: ParamValue
    public var learningRateMultiplier: ParamValue
    public var seed: Int
    public var key: TrialKey

    public init(index: Int, model: String, nEpochs: ParamValue, batchSize: ParamValue, learningRateMultiplier: ParamValue, seed: Int, key: TrialKey) {
        self.index = index
        self.model = model
        self.nEpochs = nEpochs
        self.batchSize = batchSize
        self.learningRateMultiplier = learningRateMultiplier
        self.seed = seed
        self.key = key
    }

    /// The hyperparameters as the API's `method.supervised.hyperparameters`.
    public var hyperparameters: [String: ParamValue] {
        ["n_epochs": nEpochs, "batch_size": batchSize, "learning_rate_multiplier": learningRateMultiplier]
    }
}

/// What besides the sampled values makes a trial's identity.
public struct TrialContext: Sendable, Equatable {
    public var provider: String
    public var trainingDigest: String
    public var validationDigest: String?
    public var suffix: String?

    public init(provider: String, trainingDigest: String, validationDigest: String?, suffix: String?) {
        self.provider = provider
        self.trainingDigest = trainingDigest
        self.validationDigest = validationDigest
        self.suffix = suffix
    }
}

extension SweepSpec {
    /// The sweep's trials, in proposal order: a grid walks the parameters in `HyperparameterName`
    /// order with the last varying fastest; random search draws trial `i` from stream `i` of the seed.
    /// Keys never repeat; `run_cap` caps the count.
    public func trials(in context: TrialContext) -> [Trial] {
        var seen: Set<TrialKey> = []
        var trials: [Trial] = []
        func add(_ assignment: [HyperparameterName: ParamValue]) {
            let trial = makeTrial(index: trials.count, assignment, context)
            if seen.insert(trial.key).inserted { trials.append(trial) }
        }
        switch method {
        case .grid:
            // Point i is read off i's mixed-radix digits (the last parameter varies fastest), so only the
            // trials kept are ever made: a million-point grid capped at 10 costs 10.
            let axes = HyperparameterName.allCases.compactMap { name in parameters[name]?.gridValues.map { (name, $0) } }
            var index = 0
            while index < gridSize, runCap.map({ trials.count < $0 }) ?? true {
                var point: [HyperparameterName: ParamValue] = [:]
                var rest = index
                for (name, values) in axes.reversed() {
                    point[name] = values[rest % values.count]
                    rest /= values.count
                }
                add(point)
                index += 1
            }
        case .random:
            let target = runCap ?? 10
            var stream: UInt64 = 0
            while trials.count < target && stream < UInt64(target) * 50 {
                var generator = SplitMix64(seed: seed, stream: stream)
                var point: [HyperparameterName: ParamValue] = [:]
                for name in HyperparameterName.allCases {
                    let u = generator.unit()
                    if let parameter = parameters[name] { point[name] = parameter.draw(u) }
                }
                add(point)
                stream += 1
            }
        }
        return trials
    }

    /// The number of points in the grid (saturating at `Int.max`), without making them; 0 for random search.
    public var gridSize: Int {
        guard method == .grid else { return 0 }
        return HyperparameterName.allCases.compactMap { parameters[$0]?.gridValues?.count }.reduce(1) { size, count in
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow ? .max : product
        }
    }

    private func makeTrial(index: Int, _ point: [HyperparameterName: ParamValue], _ context: TrialContext) -> Trial {
        let model = point[.model].map(\.description) ?? ""
        let epochs = point[.nEpochs]?.normalized ?? .auto
        let batch = point[.batchSize]?.normalized ?? .auto
        let rate = point[.learningRateMultiplier]?.normalized ?? .auto
        let trialSeed = point[.seed]?.int ?? Int(seed)
        let key = TrialKey(
            provider: context.provider, model: model,
            hyperparameters: ["n_epochs": epochs, "batch_size": batch, "learning_rate_multiplier": rate],
            seed: trialSeed, trainingDigest: context.trainingDigest, validationDigest: context.validationDigest,
            suffix: context.suffix)
        return Trial(index: index, model: model, nEpochs: epochs, batchSize: batch, learningRateMultiplier: rate, seed: trialSeed, key: key)
    }
}
