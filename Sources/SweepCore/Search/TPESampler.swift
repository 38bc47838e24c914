/// The tree-structured Parzen estimator (Bergstra et al. 2011), as Optuna's `TPESampler` with
/// `multivariate=True` and `constant_liar=True`: after `startupTrials` finished trials of random
/// search, split the trials into the best γ(n) = min(⌈n/10⌉, 25) and the rest, fit a Parzen
/// estimator l to the good and g to the bad, draw `candidates` points from l and propose the one
/// with the largest l/g (the expected-improvement criterion). Trials stopped early rank after the
/// completed ones (those that got further first); running trials count as bad, so parallel
/// suggestions spread out instead of piling onto one region.
public struct TPESampler: Sampler {
    public var startupTrials: Int
    public var candidates: Int
    public var priorWeight: Double

    public init(startupTrials: Int = 10, candidates: Int = 24, priorWeight: Double = 1) {
        self.startupTrials = startupTrials
        self.candidates = candidates
        self.priorWeight = priorWeight
    }

    public func suggest(space: SearchSpace, history: [TrialRecord], goal: Goal, seed: UInt64) -> Assignment? {
        let dimensions = space.parameters.map { SearchDimension($0.spec) }
        // Trials from another space (a warm start over other parameters) have nothing to say here.
        let fitting = history.enumerated().compactMap { age, record -> (age: Int, record: TrialRecord, point: [Double])? in
            let point = zip(space.parameters, dimensions).map { parameter, dimension in
                record.values[parameter.name].flatMap(dimension.coordinate(of:))
            }
            return point.contains(nil) ? nil : (age, record, point.map { $0! })
        }
        let completed = fitting.filter { $0.record.value != nil }
            .sorted { goal.loss($0.record.value!) < goal.loss($1.record.value!) }
        let stopped = fitting.filter { $0.record.state == .stopped }.sorted { a, b in
            let (stepA, lossA) = Self.progress(a.record, goal), (stepB, lossB) = Self.progress(b.record, goal)
            return stepA != stepB ? stepA > stepB : lossA < lossB
        }
        guard completed.count + stopped.count >= startupTrials else {
            return RandomSampler().suggest(space: space, history: history, goal: goal, seed: seed)
        }
        let running = fitting.filter { $0.record.state == .running }
        let ranked = completed + stopped
        let good = Self.gamma(ranked.count + running.count)
        // Observations go in in trial order, which the estimator's weights for old trials rely on.
        let byAge = { (group: [(age: Int, record: TrialRecord, point: [Double])]) in group.sorted { $0.age < $1.age }.map(\.point) }
        let l = ParzenEstimator(observations: byAge(Array(ranked.prefix(good))), dimensions: dimensions, priorWeight: priorWeight)
        let g = ParzenEstimator(observations: byAge(Array(ranked.dropFirst(good)) + running), dimensions: dimensions, priorWeight: priorWeight)

        var generator = SplitMix64(seed: seed, stream: UInt64(history.count))
        let proposed = history.proposed
        var best: (score: Double, values: Assignment)?
        var fresh = 0
        for _ in 0..<(candidates * 10) where fresh < candidates {
            let point = l.sample(&generator)
            let values = Dictionary(uniqueKeysWithValues: zip(space.parameters, zip(dimensions, point)).map { parameter, pair in
                (parameter.name, pair.0.value(at: pair.1))
            })
            guard !proposed.contains(values) else { continue }
            fresh += 1
            let score = l.logDensity(point) - g.logDensity(point)
            if best.map({ score > $0.score }) ?? true { best = (score, values) }
        }
        return best?.values ?? RandomSampler().suggest(space: space, history: history, goal: goal, seed: seed)
    }

    /// γ(n) = min(⌈n / 10⌉, 25), at least 1: how many of n trials count as good.
    static func gamma(_ count: Int) -> Int { max(1, min((count + 9) / 10, 25)) }

    /// How far a stopped trial got and its last value (as a loss), for ranking stopped trials.
    private static func progress(_ record: TrialRecord, _ goal: Goal) -> (Int, Double) {
        guard let last = record.curve.last else { return (Int.min, .infinity) }
        return (last.step, goal.loss(last.value))
    }
}
