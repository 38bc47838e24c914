/// One point of a sweep: a base model and its hyperparameters, with its key.
public struct Trial: Sendable, Equatable, Codable {
    /// The trial's position in the sweep's proposal order.
    public var index: Int
    public var model: String
    /// Every parameter but the model and seed: the API's three (`auto` when the spec leaves them
    /// out), then the spec's others, in grid order.
    public var hyperparameters: ParameterValues
    public var seed: Int
    public var key: TrialKey

    public init(index: Int, model: String, hyperparameters: ParameterValues, seed: Int, key: TrialKey) {
        self.index = index
        self.model = model
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.key = key
    }

    /// A hyperparameter's value; `auto` for one the trial does not set.
    public subscript(name: ParameterName) -> ParamValue { hyperparameters[name] ?? .auto }
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
    /// The sweep's trials, in proposal order: a grid walks the parameters in `ParameterSpace` order
    /// with the last varying fastest, made one at a time as they are read; random search draws trial
    /// `i` from stream `i` of the seed, one draw for each standard name (set or not) and then one for
    /// each other parameter. Keys never repeat; `run_cap` caps the count.
    public func trials(in context: TrialContext) -> TrialList {
        guard method != .grid else { return TrialList(grid: self, context: context) }
        var seen: Set<TrialKey> = []
        var trials: [Trial] = []
        func add(_ assignment: [ParameterName: ParamValue]) {
            let trial = makeTrial(index: trials.count, assignment, context)
            if seen.insert(trial.key).inserted { trials.append(trial) }
        }
        if method == .random {
            let target = runCap ?? 10
            let drawn = ParameterName.standard + parameters.otherNames
            var stream: UInt64 = 0
            while trials.count < target && stream < UInt64(target) * 50 {
                var generator = SplitMix64(seed: seed, stream: stream)
                var point: [ParameterName: ParamValue] = [:]
                for name in drawn {
                    let u = generator.unit()
                    if let parameter = parameters[name] { point[name] = parameter.draw(u) }
                }
                add(point)
                stream += 1
            }
        } else {
            // Suggested one after another as if each were still running: the quasi sequence as it will run,
            // and for TPE the trials it draws before any result (a launch asks it again as results come in).
            var history: [TrialRecord] = []
            while trials.count < runCap ?? 10, let point = method.sampler.suggest(space: searchSpace, history: history, goal: metric.goal, seed: seed) {
                history.append(TrialRecord(values: point, state: .running))
                add(Dictionary(uniqueKeysWithValues: point.map { (ParameterName($0.key), $0.value) }))
                if history.count >= (runCap ?? 10) * 50 { break }
            }
        }
        return TrialList(trials)
    }

    /// The parameters as the samplers see them, in grid order.
    public var searchSpace: SearchSpace {
        SearchSpace(parameters.map { (name: $0.name.rawValue, spec: $0.spec) })
    }

    /// The number of points in the grid (saturating at `Int.max`), without making them; 0 for random search.
    public var gridSize: Int {
        guard method == .grid else { return 0 }
        return parameters.compactMap { $0.spec.gridValues?.count }.reduce(1) { size, count in
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow ? .max : product
        }
    }

    /// The trial of one point of the space (values by name), numbered `index`.
    public func makeTrial(index: Int, _ point: [ParameterName: ParamValue], _ context: TrialContext) -> Trial {
        var hyperparameters = ParameterValues()
        for name in ParameterName.apiHyperparameters { hyperparameters[name] = point[name]?.normalized ?? .auto }
        for name in parameters.otherNames { hyperparameters[name] = point[name]?.normalized }
        return Trial(context: context, index: index, model: point[.model].map(\.description) ?? "", hyperparameters: hyperparameters,
                     seed: point[.seed]?.int ?? Int(seed))
    }
}

extension Trial {
    /// A trial with its key made from its values and context.
    public init(context: TrialContext, index: Int, model: String, hyperparameters: ParameterValues, seed: Int) {
        let key = TrialKey(
            provider: context.provider, model: model, hyperparameters: hyperparameters.dictionary, seed: seed,
            trainingDigest: context.trainingDigest, validationDigest: context.validationDigest, suffix: context.suffix)
        self.init(index: index, model: model, hyperparameters: hyperparameters, seed: seed, key: key)
    }
}
