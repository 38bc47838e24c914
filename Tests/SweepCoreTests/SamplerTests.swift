import Foundation
import SweepCore
import Testing

private let context = TrialContext(provider: "local", trainingDigest: "sha256:aa", validationDigest: nil, suffix: nil)

/// A spec over today's five names, and the same parameters as a search space in the same order.
private let parameters: [(ParameterName, ParameterSpec)] = [
    (.model, .values([.string("local-small"), .string("local-base")])),
    (.nEpochs, .distribution(.intUniform(min: 1, max: 4))),
    (.batchSize, .distribution(.categorical(values: [.int(4), .int(8), .int(16)], probabilities: [0.2, 0.3, 0.5]))),
    (.learningRateMultiplier, .distribution(.logUniformValues(min: 0.05, max: 5))),
    (.seed, .values([.int(1), .int(2)])),
]

private func spec(_ method: SearchMethod, _ parameters: [(ParameterName, ParameterSpec)], runCap: Int) -> SweepSpec {
    SweepSpec(name: "s", provider: .local, method: method, metric: .default, trainingFile: "t", validationFile: nil, seed: 11,
              runCap: runCap, maxParallel: nil, budget: Budget(), suffix: nil,
              parameters: space(parameters), sourcePath: "s.yaml", text: "")
}

private func space(_ parameters: [(ParameterName, ParameterSpec)]) -> ParameterSpace {
    var space = ParameterSpace()
    for (name, spec) in parameters { space[name] = spec }
    return space
}

private func values(_ trial: Trial) -> Assignment {
    ["model": .string(trial.model), "n_epochs": trial[.nEpochs], "batch_size": trial[.batchSize],
     "learning_rate_multiplier": trial[.learningRateMultiplier], "seed": .int(trial.seed)]
}

private func run(_ sampler: any Sampler, _ space: SearchSpace, count: Int) -> [Assignment] {
    var history: [TrialRecord] = []
    while history.count < count, let next = sampler.suggest(space: space, history: history, goal: .minimize, seed: 11) {
        history.append(TrialRecord(values: next, state: .running))
    }
    return history.map(\.values)
}

@Suite struct TodaysSequencesTests {
    @Test func randomSearchProposesWhatTrialsInProposes() {
        let space = SearchSpace(parameters.map { (name: $0.0.rawValue, spec: $0.1) })
        let expected = spec(.random, parameters, runCap: 40).trials(in: context).map(values)
        #expect(expected.count == 40)
        #expect(run(RandomSampler(), space, count: 40) == expected)
    }

    @Test func theGridProposesWhatTrialsInProposes() {
        // Repeated values make some grid points repeats, which both skip.
        let finite = parameters.map { name, parameter in
            name == .learningRateMultiplier ? (name, ParameterSpec.values([.number(0.1), .number(1), .number(0.1)])) : (name, parameter)
        }
        let space = SearchSpace(finite.map { (name: $0.0.rawValue, spec: $0.1) })
        let expected = spec(.grid, finite, runCap: 1_000).trials(in: context).map(values)
        #expect(expected.count == 2 * 4 * 3 * 2 * 2)
        #expect(run(GridSampler(), space, count: 1_000) == expected)
    }

    @Test func aGridLeavesOutContinuousParametersAsTrialsInDoes() {
        let space = SearchSpace([(name: "model", spec: .values([.string("a"), .string("b")])),
                                 (name: "rate", spec: .distribution(.uniform(min: 0, max: 1)))])
        #expect(run(GridSampler(), space, count: 10) == [["model": .string("a")], ["model": .string("b")]])
    }
}

@Suite struct HaltonSamplerTests {
    @Test func pointsCoverAnAxisMoreEvenlyThanRandomDraws() {
        let space = SearchSpace([(name: "x", spec: .distribution(.uniform(min: 0, max: 1))),
                                 (name: "y", spec: .distribution(.uniform(min: 0, max: 1)))])
        // The largest gap between 64 sorted x values: about 1/64 for an even cover, several times that at random.
        func largestGap(_ sampler: any Sampler) -> Double {
            let xs = run(sampler, space, count: 64).map { $0["x"]!.double! }.sorted()
            return zip(xs.dropFirst(), xs).map { $0 - $1 }.max()!
        }
        #expect(largestGap(HaltonSampler()) < 0.04)
        #expect(largestGap(RandomSampler()) > largestGap(HaltonSampler()))
    }
}

@Suite struct TPESamplerTests {
    /// Over seeds, TPE's best after 40 trials beats random search's on a smooth function of mixed parameters.
    @Test func itConcentratesNearTheOptimumWhereRandomSearchDoesNot() {
        var tpeWins = 0
        var tpeBest: [Double] = [], randomBest: [Double] = []
        for seed in UInt64(1)...10 {
            let tpe = search(TPESampler(), Spaces.mixed, seed: seed, count: 40).compactMap(\.value).min()!
            let random = search(RandomSampler(), Spaces.mixed, seed: seed, count: 40).compactMap(\.value).min()!
            tpeBest.append(tpe)
            randomBest.append(random)
            if tpe < random { tpeWins += 1 }
        }
        #expect(tpeWins >= 8)
        #expect(tpeBest.sorted()[5] < randomBest.sorted()[5] / 2)
    }

    @Test func theLastTrialsGatherNearTheOptimum() {
        let history = search(TPESampler(), Spaces.mixed, seed: 3, count: 60)
        let late = history.suffix(20).map { log10($0.values["learning_rate_multiplier"]!.double!) }
        let early = history.prefix(10).map { log10($0.values["learning_rate_multiplier"]!.double!) }
        func spread(_ xs: [Double]) -> Double { xs.map { abs($0) }.reduce(0, +) / Double(xs.count) }
        // The optimum is at 10^0: late suggestions sit much closer to it than the random start.
        #expect(spread(late) < spread(early) / 2)
    }

    @Test func maximizingFollowsTheGoal() {
        let history = search(TPESampler(), Spaces.mixed, seed: 2, count: 40, goal: .maximize) { -Spaces.loss($0) }
        let late = history.suffix(15).map { abs(log10($0.values["learning_rate_multiplier"]!.double!)) }
        #expect(late.reduce(0, +) / Double(late.count) < 0.6)
    }

    @Test func itSearchesAtRandomUntilEnoughTrialsHaveFinished() {
        let history = search(RandomSampler(), Spaces.mixed, seed: 8, count: 9)
        #expect(TPESampler().suggest(space: Spaces.mixed, history: history, goal: .minimize, seed: 8)
            == RandomSampler().suggest(space: Spaces.mixed, history: history, goal: .minimize, seed: 8))
    }
}

@Suite struct OrderedListTests {
    /// 41 learning rates in a list: TPE learns from a trial's neighbours in the list, so it reaches
    /// the best rate (the middle one) in far fewer trials than random search, which must hit it.
    @Test func tpeSearchesANumberListInOrder() {
        let rates = (0...40).map { ParamValue.number(pow(10, Double($0 - 20) / 10)) }
        let space = SearchSpace([(name: "learning_rate_multiplier", spec: .values(rates))])
        func trialsToBest(_ sampler: any Sampler, seed: UInt64) -> Int {
            let history = search(sampler, space, seed: seed, count: 41)
            return history.firstIndex { $0.values["learning_rate_multiplier"] == rates[20] }! + 1
        }
        let tpe = (UInt64(1)...20).map { trialsToBest(TPESampler(), seed: $0) }.sorted()
        let random = (UInt64(1)...20).map { trialsToBest(RandomSampler(), seed: $0) }.sorted()
        #expect(tpe[10] <= 16)
        #expect(tpe[10] * 3 / 2 < random[10])
    }
}
